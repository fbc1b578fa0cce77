import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The marker file, relative to the worktree's git dir (the commit-msg script reads it too). */
export const SKIP_PATH = "mlbranch/commit-msg.skip";

/**
 * pre-commit knows whether commit-msg has anything to do: with no trailer rules for the branch
 * type and no older commit-msg hook to chain, it leaves a marker naming the branch and HEAD, and
 * the commit-msg script skips starting Node (saves one Node start per commit). Any other
 * branch or HEAD, or no marker, and commit-msg runs in full.
 */
export function markCommitMsg(
  gitDir: string,
  branch: string,
  head: string | null,
  skip: boolean,
): void {
  const file = join(gitDir, SKIP_PATH);
  if (!skip) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `refs/heads/${branch} ${head ?? ""}\n`);
}
