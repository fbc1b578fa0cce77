import { readFileSync } from "node:fs";
import { loadConfig } from "../config/loadConfig.js";
import { type Change, stagedChanges } from "../git/changes.js";
import { phase } from "../io/debug.js";
import type { Io } from "../io/io.js";
import { hookMsg } from "../io/messages/hooks.js";
import { resolveBranchType } from "../policy/branchType.js";
import { checkStaged } from "../policy/check.js";
import { formatReport } from "../policy/report.js";
import { markCommitMsg } from "./commitMsgSkip.js";
import { type GitDirs, rebasingBranch } from "./gitDirs.js";
import { dropStaged, keepStaged, stagedKey, takeStaged } from "./stagedCache.js";

const NOTEBOOK = /\.ipynb$/i;

/**
 * The commit being made, judged like `mlbranch check --staged` (with `message`: only the trailer
 * rules, as commit-msg). Returns the staged changes too, so pre-commit reads the index once.
 */
export async function stagedCheck(
  root: string,
  dirs: GitDirs,
  io: Io,
  message?: string,
  opts?: { markSkip?: { chainedCommitMsg: boolean } },
): Promise<{ ok: boolean; changes: Change[] }> {
  const { head } = dirs;
  const branch = dirs.branch ?? rebasingBranch(dirs.gitDir);
  // commit-msg takes the changes pre-commit judged when the index is still the one it read.
  const at = `${branch ?? ""} ${head ?? ""}`;
  const key = message === undefined ? stagedKey(root, dirs.gitDir, io.env) : null;
  let changes = phase(
    "staged changes",
    () =>
      (message !== undefined && takeStaged(root, dirs.gitDir, io.env, at)) ||
      stagedChanges(root, io.env, head),
  );
  if (!branch) {
    if (message === undefined) io.err(hookMsg.detached());
    return { ok: true, changes };
  }
  const config = phase("load and validate mlbranch.json", () => loadConfig(root));
  // Notebook outputs a branch type strips go from the staged copy before the rules judge it.
  if (message === undefined && changes.some((c) => NOTEBOOK.test(c.path) && c.newOid)) {
    const { stripStagedNotebooks } = await import("./stripNotebooks.js");
    const type = resolveBranchType(config, branch)?.type;
    changes = stripStagedNotebooks(root, type, changes, io);
  }
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
    const skip = !type?.trailers?.length && !opts.markSkip.chainedCommitMsg;
    markCommitMsg(dirs.gitDir, branch, head, skip);
    if (!skip && result.violations.length === 0) keepStaged(dirs.gitDir, at, key, changes);
    else dropStaged(dirs.gitDir);
  }
  return { ok: result.violations.length === 0, changes };
}

/** The commit message file's text (commit-msg gets its path). */
export function readMessage(root: string, file: string): string {
  return readFileSync(file.startsWith("/") ? file : `${root}/${file}`, "utf8");
}
