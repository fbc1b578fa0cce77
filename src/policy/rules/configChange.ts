import { CONFIG_FILE, parseConfig } from "../../config/loadConfig.js";
import { resolveBranchType } from "../branchType.js";
import type { Rule, Violation } from "../types.js";
import { violation } from "../violation.js";

const msgFor = (branch: string, type: string, defaultBranch: string) => ({
  text: `${CONFIG_FILE} changes on ${branch} (type ${type}), but the rules may change only on the default branch ${defaultBranch}: pushes, CI and the server read them from there.`,
  fix: `make the change on ${defaultBranch} and merge ${defaultBranch} in; undo it here with git restore --source=HEAD --staged --worktree -- ${CONFIG_FILE}`,
});

const invalid = (errors: string[]) => ({
  text: `${CONFIG_FILE} in this commit is not valid, and every later check would read it: ${errors.join("; ")}.`,
  fix: `fix ${CONFIG_FILE} (each problem above names its key), amend the commit and push again`,
});

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
      const { errors } = parseConfig(text, `${ctx.commit}:${CONFIG_FILE}`);
      return errors.length ? [violation(ctx, "config-change", CONFIG_FILE, invalid(errors))] : [];
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
