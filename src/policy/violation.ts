import { fixForCommit } from "../io/messages/rules.js";
import type { RuleContext, Violation } from "./types.js";

/** Build a Violation for the context's branch and commit from a {text, fix} message. */
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
    fix: commit ? fixForCommit(m.fix, commit, path) : m.fix,
    severity: "error",
  };
}
