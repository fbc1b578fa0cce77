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

// GitHub workflow commands: data escapes %, CR and LF; properties also ':' and ','.
const ghData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const ghProp = (s: string) => ghData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * GitHub Actions annotations (`::error file=…,line=…,title=…::message`), one per violation or
 * warning, for stdout: GitHub shows them on the file in the pull request and on the run.
 */
export function githubAnnotations(r: CheckResult): string {
  return [...r.violations, ...r.warnings]
    .map((v) => {
      const props = [
        ...(v.path ? [`file=${ghProp(v.path)}`, "line=1"] : []),
        `title=${ghProp(`mlbranch [${v.rule}]${v.commit ? ` in ${v.commit.slice(0, 10)}` : ""}`)}`,
      ];
      const level = v.severity === "error" ? "error" : "warning";
      return `::${level} ${props.join(",")}::${ghData(`${v.message}\nfix: ${v.fix}`)}`;
    })
    .join("\n");
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

/** A Markdown step summary ($GITHUB_STEP_SUMMARY): the verdict, then one table row per finding. */
export function githubSummary(r: CheckResult): string {
  const where = `\`${r.branch}\`${r.type ? ` (type ${r.type})` : " (no type)"}`;
  const head = r.violations.length
    ? `### mlbranch: ${r.violations.length} rule violation${r.violations.length === 1 ? "" : "s"} on ${where}`
    : `### mlbranch: all rules hold on ${where} (${r.commits} commit${r.commits === 1 ? "" : "s"} checked)`;
  const rows = [...r.violations, ...r.warnings].map(
    (v) =>
      `| ${v.severity} | ${cell(v.rule)} | ${v.path ? `\`${cell(v.path)}\`` : ""} | ${v.commit ? v.commit.slice(0, 10) : ""} | ${cell(v.message)} | ${cell(v.fix)} |`,
  );
  if (!rows.length) return `${head}\n`;
  return [
    head,
    "",
    "| | rule | file | commit | what | fix |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
