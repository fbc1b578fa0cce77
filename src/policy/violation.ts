import type { RuleContext, Violation } from "./types.js";

/**
 * Build a Violation for the context's branch and commit from a {text, fix} message. The fix is
 * written for the commit being made; for a commit already made, commitFixes rewrites it once
 * the situation (newest commit? on the server?) is known.
 */
export function violation(
  ctx: Pick<RuleContext, "branch" | "typeName" | "commit">,
  rule: string,
  path: string | null,
  m: { text: string; fix: string },
  commit: string | null = ctx.commit,
): Violation {
  return {
    rule,
    path,
    branch: ctx.branch,
    type: ctx.typeName,
    commit,
    message: m.text,
    fix: m.fix,
    severity: "error",
  };
}
