import { indent } from "../io/messages/common.js";
import { checkMsg } from "../io/messages/rules.js";
import type { CheckResult } from "./engine.js";
import type { Violation } from "./types.js";

function block(v: Violation): string {
  const lines = [
    `${v.severity === "error" ? "error" : "warning"} [${v.rule}] ${v.message}`,
    ...(v.path ? [`  file:   ${v.path}`] : []),
    `  branch: ${v.branch}${v.type ? ` (type ${v.type})` : " (no type)"}${v.commit ? `   commit: ${v.commit.slice(0, 10)}` : ""}`,
    `  fix:    ${v.fix}`,
  ];
  return lines.join("\n");
}

/** The person-readable report: one short block per violation, then a summary line. */
export function formatReport(r: CheckResult, staged: boolean): string {
  const parts = [...r.warnings, ...r.violations].map((v) =>
    indent(block(v), "mlbranch: ").replace(/^mlbranch: {2}/gm, "           "),
  );
  parts.push(
    r.violations.length
      ? checkMsg.refused(r.violations.length, r.branch, r.type, staged)
      : checkMsg.ok(r.branch, r.type, r.commits),
  );
  return parts.join("\n");
}

/** The machine-readable report (--json). */
export function jsonReport(r: CheckResult): string {
  return JSON.stringify({ ok: r.violations.length === 0, ...r }, null, 2);
}
