import { readFileSync } from "node:fs";
import type { Io } from "../cli/command.js";
import { loadConfig } from "../config/loadConfig.js";
import { type Change, parseRawDiff } from "../git/changes.js";
import { messageTrailers } from "../git/commits.js";
import { execGitBuffer, runGit } from "../git/execGit.js";
import { EMPTY_TREE, mergeHeads } from "../git/repo.js";
import { hookMsg } from "../messages.js";
import { resolveBranchType } from "../policy/branchType.js";
import { type CheckResult, judge } from "../policy/engine.js";
import { formatReport } from "../policy/report.js";
import { markCommitMsg } from "./commitMsgSkip.js";
import type { GitDirs } from "./gitDirs.js";

/**
 * The commit being made, judged like `mlbranch check --staged` (with `message`: only the trailer
 * rules, as commit-msg). Returns the staged changes too, so pre-commit reads the index once.
 */
export function stagedCheck(
  root: string,
  dirs: GitDirs,
  io: Io,
  message?: string,
  opts?: { markSkip?: { chainedCommitMsg: boolean } },
): { ok: boolean; changes: Change[] } {
  const { branch, head } = dirs;
  // As stagedChanges, without asking git again whether HEAD exists.
  const changes = parseRawDiff(
    execGitBuffer(
      [
        "diff-index",
        "--cached",
        "-r",
        "-z",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        head ?? EMPTY_TREE,
      ],
      { cwd: root, env: io.env },
    ),
  );
  if (!branch) {
    if (message === undefined) io.err(hookMsg.detached());
    return { ok: true, changes };
  }
  const config = loadConfig(root);
  let trailers = null;
  if (message !== undefined) {
    const r = runGit(["config", "core.commentChar"], { cwd: root, okCodes: [1] });
    const c = r.stdout.toString("utf8").trim();
    trailers = messageTrailers(root, message, c && c !== "auto" ? c : "#");
  }
  const result: CheckResult = judge({
    cwd: root,
    config,
    branch,
    staged: true,
    env: io.env,
    commits: [
      {
        commit: null,
        parents: [...(head ? [head] : []), ...mergeHeads(root, io.env, dirs.gitDir)],
        changes,
        trailers,
      },
    ],
  });
  if (message !== undefined) {
    result.violations = result.violations.filter((v) => v.rule === "trailers");
    result.warnings = [];
  }
  if (result.violations.length || result.warnings.length) io.err(formatReport(result, true));
  if (message === undefined && opts?.markSkip) {
    const type = resolveBranchType(config, branch)?.type;
    const skip = !type?.trailers?.length && !opts.markSkip.chainedCommitMsg;
    markCommitMsg(dirs.gitDir, branch, head, skip);
  }
  return { ok: result.violations.length === 0, changes };
}

/** The commit message file's text (commit-msg gets its path). */
export function readMessage(root: string, file: string): string {
  return readFileSync(file.startsWith("/") ? file : `${root}/${file}`, "utf8");
}
