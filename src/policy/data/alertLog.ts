import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { execGit, runGit } from "../../git/execGit.js";
import type { RuleContext } from "../types.js";

/** One line of monitoring/alerts.jsonl. */
export interface AlertRecord {
  time: string;
  branch: string;
  file: string;
  /** Blob id of the monitoring file as committed: with file and tag, what identifies the alert. */
  blob: string;
  tag: string;
  reference: string;
  rows: number;
  features: {
    feature: string;
    alerts: string[];
    psi: number | null;
    ks: number | null;
    outliers: number | null;
  }[];
  calibration: { column: string; ece: number; rows: number } | null;
}

const same = (line: string, a: Pick<AlertRecord, "file" | "blob" | "tag">) => {
  try {
    const r = JSON.parse(line);
    return r && r.file === a.file && r.blob === a.blob && r.tag === a.tag;
  } catch {
    return false;
  }
};

/** True when the alert log text already holds the alert for this file version and tag. */
export function hasAlert(text: string, a: Pick<AlertRecord, "file" | "blob" | "tag">): boolean {
  return text.split("\n").some((l) => l.trim() && same(l, a));
}

/** The alert log as committed in `rev`, or "" when absent. */
export function committedLog(ctx: RuleContext, rev: string, path: string): string {
  const oid = ctx.blobs.oidAt(rev, path);
  return oid ? ctx.blobs.read(oid).toString("utf8") : "";
}

/**
 * Append an alert to the log in the index (the commit being made) and in the work tree. Only
 * the new line is staged: other unstaged edits of the log stay unstaged. Idempotent, so a
 * retried commit does not log twice. Returns false when the alert was already there.
 */
export function stageAlert(ctx: RuleContext, path: string, a: AlertRecord): boolean {
  const { cwd, env } = ctx;
  const r = runGit(["ls-files", "-s", "--", path], { cwd, env });
  const entry = r.stdout.toString("utf8").split("\n")[0];
  const oid = entry ? entry.split(" ")[1] : null;
  const staged = oid ? ctx.blobs.read(oid).toString("utf8") : "";
  if (hasAlert(staged, a)) return false;
  const line = `${JSON.stringify(a)}\n`;
  const sep = staged && !staged.endsWith("\n") ? "\n" : "";
  const blob = execGit(["hash-object", "-w", "--stdin"], { cwd, env, input: staged + sep + line });
  execGit(["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { cwd, env });
  const file = join(cwd, path);
  mkdirSync(dirname(file), { recursive: true });
  const wt = existsSync(file) ? readFileSync(file, "utf8") : "";
  appendFileSync(file, (wt && !wt.endsWith("\n") ? "\n" : "") + line);
  return true;
}
