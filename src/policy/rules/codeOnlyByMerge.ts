import { matchesAny } from "../../config/globs.js";
import { ruleMsg } from "../../io/messages/rules.js";
import type { Rule, Violation } from "../types.js";
import { violation } from "../violation.js";

/** codeOnlyByMerge: code changes only in a merge, and only to a version one of the parents has. */
export const codeOnlyByMerge: Rule = {
  id: "code-only-by-merge",
  check(ctx) {
    const globs = ctx.type.codeOnlyByMerge;
    if (!globs?.length) return [];
    const code = ctx.changes.filter((c) => matchesAny(c.path, globs));
    if (!code.length) return [];
    const out: Violation[] = [];
    if (ctx.parents.length < 2) {
      for (const c of code)
        out.push(
          violation(
            ctx,
            "code-only-by-merge",
            c.path,
            ruleMsg.codeByPlainCommit(c.path, ctx.branch, ctx.typeName),
          ),
        );
      return out;
    }
    for (const c of code) {
      // The change is against the first parent; it must equal some other parent's version.
      const fromParent = ctx.parents.slice(1).some((p) => ctx.blobs.oidAt(p, c.path) === c.newOid);
      if (!fromParent)
        out.push(
          violation(
            ctx,
            "code-only-by-merge",
            c.path,
            ruleMsg.codeHandEdit(c.path, ctx.branch, ctx.typeName),
          ),
        );
    }
    return out;
  },
};
