import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { runGit } from "../git/execGit.js";
import type { Io } from "../io/io.js";
import { hookMsg } from "../io/messages/hooks.js";
import type { GitDirs } from "./gitDirs.js";

/**
 * A linked worktree made by `git worktree add` has no husky runners: core.hooksPath is relative
 * (.husky/_) and that folder is generated, not in git, so every commit there would run no hook
 * at all. git runs the main worktree's post-checkout in the new worktree, which calls this: the
 * runners are copied from the main worktree. Returns true when it copied them.
 */
export function ensureWorktreeHooks(root: string, dirs: GitDirs, io: Io): boolean {
  if (dirs.gitDir === dirs.commonDir) return false; // the main worktree
  const r = runGit(["config", "core.hooksPath"], { cwd: root, okCodes: [1] });
  const hooksPath = r.stdout.toString("utf8").trim();
  if (!hooksPath || isAbsolute(hooksPath)) return false;
  const here = join(root, hooksPath);
  const there = join(dirname(dirs.commonDir), hooksPath);
  if (existsSync(join(here, "h")) || !existsSync(join(there, "h")) || here === there) return false;
  mkdirSync(here, { recursive: true });
  for (const name of readdirSync(there)) {
    const from = join(there, name);
    const st = statSync(from);
    if (!st.isFile()) continue;
    copyFileSync(from, join(here, name));
    chmodSync(join(here, name), st.mode & 0o777);
  }
  io.err(hookMsg.worktreeRunners(hooksPath));
  return true;
}
