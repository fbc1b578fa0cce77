import { readFileSync } from "node:fs";
import { loadConfig } from "../config/loadConfig.js";
import type { Config } from "../config/types.js";
import { type Change, stagedChangesAsync } from "../git/changes.js";
import { phase } from "../io/debug.js";
import type { Io } from "../io/io.js";
import { hookMsg } from "../io/messages/hooks.js";
import { resolveBranchType } from "../policy/branchType.js";
import { checkStaged } from "../policy/check.js";
import { formatReport } from "../policy/report.js";
import { markCommitMsg } from "./commitMsgSkip.js";
import { type GitDirs, gitDirsAsync } from "./gitDirs.js";

/**
 * The commit being made, judged like `mlbranch check --staged` (with `message`: only the trailer
 * rules, as commit-msg). Returns the staged changes too, so pre-commit reads the index once.
 * `dirs` and `changes` come from git calls already under way (startStaged): the config is loaded
 * while they run.
 */
export async function stagedCheck(
  root: string,
  staged: { dirs: Promise<GitDirs>; changes: Promise<Change[]> },
  io: Io,
  message?: string,
  /** pre-commit: mark commit-msg's skip unless commit-msg has other work (chainedCommitMsg). */
  opts?: { markSkip?: { chainedCommitMsg: (dirs: GitDirs) => boolean } },
): Promise<{ ok: boolean; changes: Change[] }> {
  let config: Config | undefined;
  let configError: unknown;
  try {
    config = phase("load and validate mlbranch.json", () => loadConfig(root));
  } catch (e) {
    configError = e; // reported below, unless the HEAD is detached (nothing to judge then)
  }
  const dirs = await staged.dirs;
  const changes = await phase("staged changes", () => staged.changes);
  const { branch, head } = dirs;
  if (!branch) {
    if (message === undefined) io.err(hookMsg.detached());
    return { ok: true, changes };
  }
  if (!config) throw configError;
  const result = await checkStaged({
    cwd: root,
    config,
    branch,
    message,
    trailersOnly: message !== undefined,
    env: io.env,
    head,
    gitDir: dirs.gitDir,
    changes,
  });
  if (message !== undefined) result.warnings = [];
  if (result.violations.length || result.warnings.length) io.err(formatReport(result, true));
  if (message === undefined && opts?.markSkip) {
    const type = resolveBranchType(config, branch)?.type;
    const skip = !type?.trailers?.length && !opts.markSkip.chainedCommitMsg(dirs);
    markCommitMsg(dirs.gitDir, branch, head, skip);
  }
  return { ok: result.violations.length === 0, changes };
}

/** The commit message file's text (commit-msg gets its path). */
export function readMessage(root: string, file: string): string {
  return readFileSync(file.startsWith("/") ? file : `${root}/${file}`, "utf8");
}

/** Start the two git calls a staged check needs, at once: rev-parse (dirs) and diff-index. */
export function startStaged(
  root: string,
  env: NodeJS.ProcessEnv,
): { dirs: Promise<GitDirs>; changes: Promise<Change[]> } {
  const dirs = gitDirsAsync(root);
  const changes = stagedChangesAsync(
    root,
    env,
    dirs.then((d) => d.head),
  );
  // Whichever is awaited second must not be reported as unhandled when the first one throws.
  dirs.catch(() => {});
  changes.catch(() => {});
  return { dirs, changes };
}
