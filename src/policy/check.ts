import type { Config } from "../config/types.js";
import { type Change, commitChanges, stagedChanges } from "../git/changes.js";
import { commitInfos, firstParentCommits, messageTrailers } from "../git/commits.js";
import { execGit, runGit } from "../git/execGit.js";
import { ensureHistory } from "../git/history.js";
import { currentBranch, mergeHeads, resolveRev, shortBranchName } from "../git/repo.js";
import { MlbranchError, UsageError } from "../io/errors.js";
import { cliMsg, msg } from "../io/messages/common.js";
import { applyCommitFixes, type FixSituation } from "./commitFixes.js";
import { type CheckResult, judge } from "./engine.js";
import type { Rule } from "./types.js";

/** The branch to judge: the given one, else the checked-out one; a detached HEAD is an error. */
export function branchOrCurrent(cwd: string, branch?: string): string {
  if (branch) return shortBranchName(branch);
  const cur = currentBranch(cwd);
  if (!cur) throw new MlbranchError(msg.detachedHead());
  return cur;
}

/**
 * The commit being made: index vs HEAD, parents HEAD + MERGE_HEAD; trailers when a message is
 * given (`trailersOnly`: only the trailer rules speak, as in commit-msg). A hook that already
 * knows HEAD, the git dir or the staged changes passes them, to save git calls.
 */
export async function checkStaged(opts: {
  cwd: string;
  config: Config;
  branch?: string;
  message?: string;
  trailersOnly?: boolean;
  env?: NodeJS.ProcessEnv;
  head?: string | null;
  gitDir?: string;
  changes?: Change[];
  /** The rule set (default: every registered rule); a test passes the one it tests. */
  rules?: Rule[];
}): Promise<CheckResult> {
  const { cwd } = opts;
  const branch = branchOrCurrent(cwd, opts.branch);
  const head = opts.head !== undefined ? opts.head : resolveRev(cwd, "HEAD");
  const parents = [...(head ? [head] : []), ...mergeHeads(cwd, opts.env, opts.gitDir)];
  const result = await judge({
    cwd,
    config: opts.config,
    branch,
    staged: true,
    env: opts.env,
    rules: opts.rules,
    only: opts.trailersOnly ? ["trailers"] : undefined,
    commits: [
      {
        commit: null,
        parents,
        changes: opts.changes ?? stagedChanges(cwd, opts.env, head),
        trailers:
          opts.message === undefined ? null : messageTrailers(cwd, opts.message, commentChar(cwd)),
      },
    ],
  });
  if (opts.trailersOnly) result.violations = result.violations.filter((v) => v.rule === "trailers");
  return result;
}

/** core.commentChar, for stripping comments from a commit message ("#" unless set). */
export function commentChar(cwd: string): string {
  const r = runGit(["config", "core.commentChar"], { cwd, okCodes: [1] });
  const c = r.stdout.toString("utf8").trim();
  return c && c !== "auto" ? c : "#";
}

/** Which branch a range's tip names: refs/heads/X or refs/remotes/<r>/X give X, HEAD the current one. */
export function branchOfRev(cwd: string, rev: string): string | null {
  if (rev === "HEAD") return currentBranch(cwd);
  const r = runGit(["rev-parse", "--symbolic-full-name", rev], { cwd, okCodes: [128] });
  const full = r.stdout.toString("utf8").trim();
  if (full.startsWith("refs/heads/")) return full.slice("refs/heads/".length);
  if (full.startsWith("refs/remotes/")) {
    const rest = full.slice("refs/remotes/".length);
    const remotes = execGit(["remote"], { cwd }).split("\n").filter(Boolean);
    const remote = remotes
      .sort((a, b) => b.length - a.length)
      .find((rm) => rest.startsWith(`${rm}/`));
    return remote ? rest.slice(remote.length + 1) : rest;
  }
  return null;
}

/** Parse "A..B" (or a single revision: its whole history) into resolved shas. */
export function parseRange(
  cwd: string,
  range: string,
): { from: string | null; to: string; toRev: string } {
  const m = /^(.*?)\.\.(?!\.)(.*)$/.exec(range);
  const fromRev = m ? m[1] : null;
  const toRev = m ? m[2] || "HEAD" : range;
  if (range.includes("...")) throw new UsageError(msg.badRange(range));
  const to = resolveRev(cwd, toRev);
  if (!to) throw new UsageError(msg.badRange(range));
  let from: string | null = null;
  if (fromRev && !/^0+$/.test(fromRev)) {
    from = resolveRev(cwd, fromRev);
    if (!from) throw new UsageError(msg.badRange(range));
  }
  return { from, to, toRev };
}

/**
 * Replay every first-parent commit in the range as if committed on the branch. Commits a merge
 * brought in are judged through that merge, not as commits of this branch.
 */
export async function checkRange(opts: {
  cwd: string;
  config: Config;
  range: string;
  branch?: string;
  env?: NodeJS.ProcessEnv;
  /** The rule set (default: every registered rule); a test passes the one it tests. */
  rules?: Rule[];
}): Promise<CheckResult> {
  const { cwd } = opts;
  // A shallow or partial clone: fetch what the range needs, or stop (never judge unseen commits).
  const m = /^(.*?)\.\.(?!\.)(.*)$/.exec(opts.range);
  const bases = m?.[1] && !/^0+$/.test(m[1]) ? [m[1]] : [];
  ensureHistory(cwd, `the range ${opts.range}`, [m ? m[2] || "HEAD" : opts.range], bases);
  const { from, to, toRev } = parseRange(cwd, opts.range);
  const branch = opts.branch ? shortBranchName(opts.branch) : branchOfRev(cwd, toRev);
  if (!branch) {
    throw new UsageError(cliMsg.unknownBranchOfRev(toRev));
  }
  return judgeCommits(
    cwd,
    opts.config,
    branch,
    firstParentCommits(cwd, from, to),
    opts.env,
    opts.rules,
  );
}

/** Judge commits (oldest first) as commits made on `branch`: pre-push, pre-receive and --range. */
export async function judgeCommits(
  cwd: string,
  config: Config,
  branch: string,
  shas: string[],
  env?: NodeJS.ProcessEnv,
  rules?: Rule[],
  push: {
    typeName?: string;
    pushed?: ReadonlyMap<string, string>;
    /** Whether the receiver has these commits (default: not known, as in CI). */
    accepted?: boolean | null;
  } = {},
): Promise<CheckResult> {
  const infos = commitInfos(cwd, shas);
  const changes = commitChanges(
    cwd,
    shas.map((sha) => ({ sha, parent: infos.get(sha)?.parents[0] ?? null })),
  );
  const { accepted = null, ...rest } = push;
  const result = await judge({
    cwd,
    config,
    branch,
    staged: false,
    env,
    rules,
    ...rest,
    commits: shas.map((sha) => ({
      commit: sha,
      parents: infos.get(sha)?.parents ?? [],
      changes: changes.get(sha) ?? [],
      trailers: infos.get(sha)?.trailers ?? [],
    })),
  });
  const situation: FixSituation = { tip: shas.at(-1) ?? null, accepted };
  applyCommitFixes(cwd, result, situation);
  return result;
}
