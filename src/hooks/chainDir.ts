import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** husky's hooks folder, as core.hooksPath names it (relative: each worktree resolves its own). */
export const HUSKY_PATH = ".husky/_";

/** Absolute folder of the hooks git ran before mlbranch (earlier core.hooksPath or .git/hooks). */
export function chainedHooksDir(
  root: string,
  commonDir: string,
  previous: string | null,
): string | null {
  // husky users' own hooks live in .husky/<name> itself, next to our lines: never chain ourselves.
  // git expands a leading ~ in core.hooksPath (a global one often reads ~/.githooks).
  const path = previous?.replace(/^~(?=\/|$)/, process.env.HOME ?? homedir());
  if (path && resolve(root, path).startsWith(resolve(root, ".husky"))) return null;
  return path ? resolve(root, path) : join(commonDir, "hooks");
}
