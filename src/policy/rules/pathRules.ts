import { matchesAny } from "../../config/globs.js";
import { ruleMsg } from "../../io/messages/rules.js";
import type { Rule } from "../types.js";
import { violation } from "../violation.js";

/** allow / deny: which paths a commit on this branch type may touch. */
export const pathRules: Rule = {
  id: "paths",
  check(ctx) {
    const { allow, deny } = ctx.type;
    if (!allow?.length && !deny?.length) return [];
    return ctx.changes.flatMap((c) => {
      // Removing a forbidden file (or moving it out) is always allowed: it is the fix.
      if (c.status !== "D" && matchesAny(c.path, deny))
        return [violation(ctx, "deny", c.path, ruleMsg.denied(c.path, ctx.branch, ctx.typeName))];
      if (allow?.length && c.status !== "D" && !matchesAny(c.path, allow)) {
        return [
          violation(
            ctx,
            "allow",
            c.path,
            ruleMsg.notAllowed(c.path, ctx.branch, ctx.typeName, allow),
          ),
        ];
      }
      return [];
    });
  },
};
