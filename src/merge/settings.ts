import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveBranchType } from "../config/branchType.js";
import { matchesAny } from "../config/globs.js";
import { CONFIG_FILE, defaultConfigData, loadConfig } from "../config/loadConfig.js";
import type { FileSettings } from "../config/types.js";
import { currentBranch, gitDir } from "../git/repo.js";
import { GitError } from "../io/errors.js";

/** The merge settings for a path: every matching `files` entry of mlbranch.json, later ones win. */
export function settingsFor(files: Record<string, FileSettings>, path: string): FileSettings {
  let out: FileSettings = {};
  for (const [glob, s] of Object.entries(files))
    if (matchesAny(path, [glob])) out = { ...out, ...s };
  return out;
}

/** Settings for a path from the repository's mlbranch.json (working tree; defaults when absent). */
export function repoSettingsFor(cwd: string, path: string): FileSettings {
  // Without a config file the shipped defaults apply; skipping their validation saves startup time.
  if (!existsSync(join(cwd, CONFIG_FILE)))
    return settingsFor((defaultConfigData().files ?? {}) as Record<string, FileSettings>, path);
  return settingsFor(loadConfig(cwd).files, path);
}

/**
 * A record driver's settings for the merge git is running: where mlbranch.json does not set
 * `appendOnly` for the path, it follows the branch being merged into: append-only where that
 * branch's type lists the path in `appendOnly` (tracking on main, data on raw), elsewhere a
 * side's removal applies (a revert of a merged-in append merges on dev/*).
 */
export function driverSettingsFor(cwd: string, path: string): FileSettings {
  const s = repoSettingsFor(cwd, path);
  if (s.appendOnly !== undefined) return s;
  return { ...s, appendOnly: branchAppendOnly(cwd, path) };
}

/** True when the branch `branch`'s type makes `path` append-only (no type: false). */
export function typeAppendOnly(cwd: string, branch: string, path: string): boolean {
  const type = resolveBranchType(loadConfig(cwd), branch)?.type;
  return matchesAny(path, type?.appendOnly ?? []);
}

function branchAppendOnly(cwd: string, path: string): boolean {
  const branch = mergingInto(cwd);
  // No branch to judge by (a detached HEAD outside a rebase): keep every record, the old default.
  if (!branch) return true;
  return typeAppendOnly(cwd, branch, path);
}

// The branch a merge, revert, cherry-pick or rebase writes to: HEAD's branch, or in a rebase
// (HEAD detached) the branch being rebased.
function mergingInto(cwd: string): string | null {
  let head: string | null;
  let dir: string;
  try {
    head = currentBranch(cwd);
    if (head) return head;
    dir = gitDir(cwd);
  } catch (e) {
    // Run outside a repository (git merge-file's way, or by hand): no branch to judge by.
    if (e instanceof GitError) return null;
    throw e;
  }
  for (const f of ["rebase-merge/head-name", "rebase-apply/head-name"]) {
    const file = join(dir, f);
    if (existsSync(file))
      return (
        readFileSync(file, "utf8")
          .trim()
          .replace(/^refs\/heads\//, "") || null
      );
  }
  return null;
}
