import { execGitBuffer } from "./execGit.js";
import { emptyTree, hasHead } from "./repo.js";

/** One changed path between two trees (renames are a delete plus an add). */
export interface Change {
  path: string;
  status: "A" | "M" | "D" | "T";
  /** Blob ids; null on the missing side. */
  oldOid: string | null;
  newOid: string | null;
  /** Octal modes as git prints them ("100644", "100755", "120000", "160000"); null when absent. */
  oldMode: string | null;
  newMode: string | null;
}

const ZERO = /^0+$/;

function toChange(meta: string, path: string): Change {
  // ":100644 100644 <old> <new> M"
  const [oldMode, newMode, oldOid, newOid, status] = meta.slice(1).split(" ");
  const s = status[0] as Change["status"];
  return {
    path,
    status: s === ("U" as string) ? "M" : s,
    oldOid: ZERO.test(oldOid) ? null : oldOid,
    newOid: ZERO.test(newOid) ? null : newOid,
    oldMode: oldMode === "000000" ? null : oldMode,
    newMode: newMode === "000000" ? null : newMode,
  };
}

/** Parse `-z --raw` output without commit headers. */
export function parseRawDiff(buf: Buffer): Change[] {
  const parts = buf.toString("utf8").split("\0");
  const out: Change[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (!parts[i].startsWith(":")) break;
    out.push(toChange(parts[i], parts[i + 1]));
  }
  return out;
}

/**
 * Parse `git diff-tree --stdin -z -r` output: a commit header token, then `:meta` + path pairs.
 * A commit with no changes prints no header, so every requested commit starts with [].
 */
export function parseDiffTreeStdin(buf: Buffer, shas: string[]): Map<string, Change[]> {
  const byCommit = new Map<string, Change[]>(shas.map((s) => [s, []]));
  const parts = buf.toString("utf8").split("\0");
  let current: Change[] | undefined;
  for (let i = 0; i < parts.length; i++) {
    const tok = parts[i];
    if (tok === "") continue;
    if (tok.startsWith(":") && current) {
      current.push(toChange(tok, parts[i + 1]));
      i++;
    } else {
      const sha = tok.split(" ")[0].trim();
      current = byCommit.get(sha) ?? [];
      byCommit.set(sha, current);
    }
  }
  return byCommit;
}

/**
 * The commit in progress: the index against HEAD (or the empty tree before the first commit).
 * Pass `head` (null: no commits yet) when the caller knows it, to save a git call.
 */
export function stagedChanges(
  cwd: string,
  env?: NodeJS.ProcessEnv,
  head?: string | null,
): Change[] {
  // diff-index gives the same set as `diff --cached --name-status`, plus blob ids and modes.
  // Before the first commit: against the empty tree of the repository's object format.
  const base =
    head === undefined ? (hasHead(cwd) ? "HEAD" : emptyTree(cwd)) : (head ?? emptyTree(cwd));
  const out = execGitBuffer(
    ["diff-index", "--cached", "-r", "-z", "--no-renames", "--raw", "--no-abbrev", base],
    { cwd, env },
  );
  return parseRawDiff(out);
}

/** Changes of each commit against one given parent (or the empty tree for root commits). */
export function commitChanges(
  cwd: string,
  pairs: { sha: string; parent: string | null }[],
): Map<string, Change[]> {
  if (pairs.length === 0) return new Map();
  const input = pairs.map((p) => (p.parent ? `${p.sha} ${p.parent}` : p.sha)).join("\n") + "\n";
  const out = execGitBuffer(
    ["diff-tree", "--stdin", "-r", "-z", "--no-renames", "--root", "--no-abbrev"],
    {
      cwd,
      input,
    },
  );
  return parseDiffTreeStdin(
    out,
    pairs.map((p) => p.sha),
  );
}

/** Changes between two arbitrary trees or commits. */
export function treeChanges(cwd: string, from: string, to: string): Change[] {
  return parseRawDiff(
    execGitBuffer(["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", from, to], { cwd }),
  );
}
