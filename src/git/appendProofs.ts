import { statSync } from "node:fs";
import { relative } from "node:path";
import { type AppendProof, type NewSource, type OldIdentity, proveAppend } from "./appendProof.js";
import { type BlobReader, isLfsPointer } from "./blobs.js";
import { execGitBuffer } from "./execGit.js";
import { lfsObjectFile, lfsPointer } from "./lfs.js";

/** An old blob expected to be the start of a new one at `path` (an appended data file). */
export interface AppendPair {
  old: string;
  now: string;
  path: string;
}

// Blobs up to this size may be Git LFS pointers (~130 bytes); they are read to know.
const MAX_POINTER = 1024;

/** The key a proof is kept under in BlobReader.proofs. */
export const proofKey = (old: string, now: string) => `${old}..${now}`;

/**
 * Prove the appends whose new version was not read into memory (over the blob reader's per-blob
 * limit) or is a Git LFS pointer: one streamed read of each new version, from the work tree
 * (staged, when git says the file is the staged one), the LFS store, or `git cat-file`. The old
 * version is never read. Results land in `blobs.proofs`.
 */
export async function proveAppends(
  blobs: BlobReader,
  cwd: string,
  pairs: readonly AppendPair[],
  opts: { worktree?: ReadonlyMap<string, string> } = {},
): Promise<void> {
  // Several rules ask for the same pair (append-only, records-well-formed, monitor): one read.
  const unique = new Map(pairs.map((p) => [proofKey(p.old, p.now), p]));
  const todo = [...unique].flatMap(([key, p]) => {
    if (blobs.proofs.has(key)) return [];
    const cached = blobs.cached(p.now);
    return !cached || isLfsPointer(cached) ? [p] : [];
  });
  if (!todo.length) return;
  const sizes = blobs.sizeOf(todo.flatMap((p) => [p.old, p.now]));
  const small = [...sizes].filter(([, n]) => n < MAX_POINTER).map(([oid]) => oid);
  await blobs.prefetch(small);
  const pointer = (oid: string) =>
    (sizes.get(oid) ?? MAX_POINTER) < MAX_POINTER ? lfsPointer(blobs.read(oid)) : null;
  // A staged file is read from the work tree when git sees no change there since `git add`:
  // the file that is read, which may be another path staged with the same blob id.
  const fileOf = (oid: string) => opts.worktree?.get(oid);
  const staged = todo.filter((p) => !pointer(p.now) && fileOf(p.now));
  const dirty = staged.length
    ? changedInWorktree(
        cwd,
        staged.map((p) => relative(cwd, fileOf(p.now)!)),
      )
    : new Set();
  for (const p of todo) {
    const op = pointer(p.old);
    // An old LFS object in a local store is compared byte by byte, not hashed (prefixJudge).
    const old: OldIdentity = op
      ? { oid: op.oid, size: op.size, lfs: true, file: lfsObjectFile(cwd, op.oid) ?? undefined }
      : { oid: p.old, size: sizes.get(p.old) ?? 0, lfs: false };
    const np = pointer(p.now);
    let source: NewSource | null;
    let why = "";
    if (np) {
      const file = lfsObjectFile(cwd, np.oid);
      const size = file ? statSync(file).size : -1;
      // A stored object of another size than its pointer names is not that object.
      source = file && size === np.size ? { file, size: np.size } : null;
      why = file
        ? `the Git LFS object ${np.oid} in this repository's store is ${size} bytes, its pointer says ${np.size}`
        : `the Git LFS object ${np.oid} is not in this repository's store`;
    } else {
      const file = fileOf(p.now);
      const size = sizes.get(p.now) ?? 0;
      source =
        file && !dirty.has(relative(cwd, file)) ? { file, size } : { blob: p.now, size, cwd };
    }
    const proof: AppendProof = source ? await proveAppend(old, source) : { kind: "missing", why };
    blobs.proofs.set(proofKey(p.old, p.now), proof);
  }
}

/** Paths whose work tree file differs from the index (git compares stat data, content if racy). */
export function changedInWorktree(
  cwd: string,
  paths: string[],
  env?: NodeJS.ProcessEnv,
): Set<string> {
  if (!paths.length) return new Set();
  const out = execGitBuffer(
    ["--literal-pathspecs", "diff-files", "--name-only", "-z", "--", ...paths],
    { cwd, env },
  );
  return new Set(out.toString("utf8").split("\0").filter(Boolean));
}
