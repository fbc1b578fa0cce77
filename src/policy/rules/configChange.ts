import { CONFIG_FILE, parseConfig } from "../../config/loadConfig.js";
import { runGit } from "../../git/execGit.js";
import { ruleMsg } from "../../io/messages/rules.js";
import { resolveBranchType } from "../branchType.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

const msgFor = (branch: string, type: string, defaultBranch: string) => ({
  text: `${CONFIG_FILE} changes on ${branch} (type ${type}), but the rules may change only on the default branch ${defaultBranch}: pushes, CI and the server read them from there.`,
  fix: `make the change on ${defaultBranch} and merge ${defaultBranch} in; undo it here with git restore --source=HEAD --staged --worktree -- '${CONFIG_FILE}'`,
});

const invalid = (errors: string[]) => ({
  text: `${CONFIG_FILE} in this commit is not valid, and every later check would read it: ${errors.join("; ")}.`,
  fix: `fix ${CONFIG_FILE} (each problem above names its key)`,
});

function adoptedAtOf(text: string): string | undefined {
  try {
    const v = (JSON.parse(text.replace(/^\uFEFF/, "")) as { adoptedAt?: unknown }).adoptedAt;
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

// The adoption baseline (adoptedAt) exempts the history it contains from every push check: it
// may be added or removed, never moved, and only to a commit the branch already had before this
// one (its first parent contains it), so it can never exempt a commit pushed later.
function baselineProblem(
  ctx: RuleContext,
  oldOid: string | null,
  now: string | undefined,
): { text: string; fix: string } | null {
  const was = oldOid ? adoptedAtOf(ctx.blobs.read(oldOid).toString("utf8")) : undefined;
  if (now === undefined || now === was) return null;
  if (was !== undefined) return ruleMsg.adoptedAtMoved(ctx.branch, was, now);
  const parent = ctx.parents[0];
  const had =
    parent !== undefined &&
    runGit(["merge-base", "--is-ancestor", now, parent], { cwd: ctx.cwd, okCodes: [1, 128] })
      .code === 0;
  return had ? null : ruleMsg.adoptedAtNotHistory(ctx.branch, now);
}

/**
 * config-change: mlbranch.json changes only on the default branch (or a branch of its type). A
 * merge may bring it in unchanged from another parent, so merging the default branch works.
 */
export const configChange: Rule = {
  id: "config-change",
  check(ctx) {
    const change = ctx.changes.find((c) => c.path === CONFIG_FILE);
    if (!change) return [];
    const def = ctx.config.defaultBranch;
    if (ctx.branch === def || resolveBranchType(ctx.config, def)?.name === ctx.typeName) {
      // The default branch's rules become everyone's: a pushed one must load (valid, and no
      // trailer pattern that backtracks catastrophically).
      if (ctx.staged || !change.newOid) return [];
      const text = ctx.blobs.read(change.newOid).toString("utf8");
      const { config, errors } = parseConfig(text, `${ctx.commit}:${CONFIG_FILE}`);
      if (!config) return [violation(ctx, "config-change", CONFIG_FILE, invalid(errors))];
      const m = baselineProblem(ctx, change.oldOid, config.adoptedAt);
      return m ? [violation(ctx, "config-change", CONFIG_FILE, m)] : [];
    }
    if (ctx.parents.length > 1) {
      const others = ctx.parents.slice(1).map((p) => ctx.blobs.oidAt(p, CONFIG_FILE));
      if (others.includes(change.newOid)) return [];
    }
    const v: Violation = violation(
      ctx,
      "config-change",
      CONFIG_FILE,
      msgFor(ctx.branch, ctx.typeName, def),
    );
    return [v];
  },
};
