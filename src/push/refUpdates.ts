/** One ref a push changes: pre-push gives local and remote names, pre-receive only the ref. */
export interface RefUpdate {
  /** The ref as it will be named where the push lands (refs/heads/stable/x). */
  ref: string;
  oldSha: string;
  newSha: string;
}

/** True for git's all-zero object id (a new ref, or a deletion). */
export const isZero = (sha: string): boolean => /^0+$/.test(sha);

/** pre-push stdin: "<local ref> <local sha> <remote ref> <remote sha>" per line. */
export function parsePrePush(stdin: string): RefUpdate[] {
  return stdin
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 4)
    .map(([, newSha, ref, oldSha]) => ({ ref, oldSha, newSha }));
}

/** pre-receive stdin: "<old> <new> <ref>" per line. */
export function parsePreReceive(stdin: string): RefUpdate[] {
  return stdin
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 3)
    .map(([oldSha, newSha, ref]) => ({ ref, oldSha, newSha }));
}
