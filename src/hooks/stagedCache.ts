import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Change } from "../git/changes.js";
import { debug } from "../io/debug.js";

/** pre-commit's staged changes for commit-msg, relative to the worktree's git dir. */
export const STAGED_PATH = "mlbranch/staged-changes.json";
const VERSION = 1;

// The index file git gives the hooks (GIT_INDEX_FILE, relative to the work tree, for
// `git commit <paths>` and `-a`), by inode, size and nanosecond mtime: git writes an index by
// renaming a new file over it, so anything that stages between the two hooks (a hook of the
// user's after ours, lint-staged, Git LFS's attributes fix-up) leaves another key.
/** The index file's key now; pre-commit takes it before it reads the index. */
export function stagedKey(root: string, gitDir: string, env: NodeJS.ProcessEnv): string | null {
  const file = env.GIT_INDEX_FILE ? resolve(root, env.GIT_INDEX_FILE) : join(gitDir, "index");
  try {
    const s = statSync(file, { bigint: true });
    return `${file} ${s.ino} ${s.size} ${s.mtimeNs}`;
  } catch {
    return null;
  }
}

type Row = [string, Change["status"], string | null, string | null, string | null, string | null];

/**
 * Keep the changes pre-commit judged, named by branch, HEAD and the index file as it was before
 * pre-commit read it (`key`: anything staged while the check ran, from another terminal, leaves
 * the index another key), so commit-msg of the same commit need not ask git again (10,000 staged
 * files: a 1 MB diff-index and its parse, per commit).
 */
export function keepStaged(
  gitDir: string,
  at: string,
  key: string | null,
  changes: Change[],
): void {
  const file = join(gitDir, STAGED_PATH);
  try {
    if (!key) throw new Error("no index file");
    mkdirSync(dirname(file), { recursive: true });
    const rows: Row[] = changes.map((c) => [
      c.path,
      c.status,
      c.oldOid,
      c.newOid,
      c.oldMode,
      c.newMode,
    ]);
    writeFileSync(`${file}.tmp`, JSON.stringify({ v: VERSION, at, key, rows }));
    renameSync(`${file}.tmp`, file);
  } catch (e) {
    debug(`staged changes not kept for commit-msg: ${(e as Error).message}`);
    dropStaged(gitDir);
  }
}

/** Forget kept changes (a refused commit, or nothing for commit-msg to do). */
export function dropStaged(gitDir: string): void {
  rmSync(join(gitDir, STAGED_PATH), { force: true });
}

/** The changes pre-commit kept for this branch, HEAD and index, else null; taken once. */
export function takeStaged(
  root: string,
  gitDir: string,
  env: NodeJS.ProcessEnv,
  at: string,
): Change[] | null {
  const file = join(gitDir, STAGED_PATH);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  dropStaged(gitDir);
  try {
    const kept = JSON.parse(text) as { v: number; at: string; key: string; rows: Row[] };
    if (kept.v !== VERSION || kept.at !== at || kept.key !== stagedKey(root, gitDir, env))
      return null;
    return kept.rows.map(([path, status, oldOid, newOid, oldMode, newMode]) => ({
      path,
      status,
      oldOid,
      newOid,
      oldMode,
      newMode,
    }));
  } catch {
    return null;
  }
}
