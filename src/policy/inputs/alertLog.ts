import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
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
  /** Set when drift was not checked (the reference in another repository could not be fetched). */
  skipped?: string;
}

type AlertKey = Pick<AlertRecord, "file" | "blob" | "tag"> & { skipped?: string };

// A skipped check is not an alert: a log of "skipped" does not excuse an unlogged drift.
const same = (line: string, a: AlertKey) => {
  try {
    const r = JSON.parse(line);
    return (
      r && r.file === a.file && r.blob === a.blob && r.tag === a.tag && !r.skipped === !a.skipped
    );
  } catch {
    return false;
  }
};

/** True when the alert log text already holds the alert for this file version and tag. */
export function hasAlert(text: string, a: AlertKey): boolean {
  return text.split("\n").some((l) => l.trim() && same(l, a));
}

/** The alert log as committed in `rev`, or "" when absent. */
export function committedLog(ctx: RuleContext, rev: string, path: string): string {
  const oid = ctx.blobs.oidAt(rev, path);
  return oid ? ctx.blobs.read(oid).toString("utf8") : "";
}

function stageIn(
  ctx: RuleContext,
  env: NodeJS.ProcessEnv,
  path: string,
  line: string,
  a: AlertRecord,
) {
  const { cwd } = ctx;
  const r = runGit(["ls-files", "-s", "--", path], { cwd, env });
  const entry = r.stdout.toString("utf8").split("\n")[0];
  const oid = entry ? entry.split(" ")[1] : null;
  const staged = oid ? ctx.blobs.read(oid).toString("utf8") : "";
  if (hasAlert(staged, a)) return false;
  const sep = staged && !staged.endsWith("\n") ? "\n" : "";
  const blob = execGit(["hash-object", "-w", "--stdin"], { cwd, env, input: staged + sep + line });
  execGit(["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { cwd, env });
  return true;
}

/**
 * Append an alert to the log in the index (the commit being made) and in the work tree. Only
 * the new line is staged: other unstaged edits of the log stay unstaged. Idempotent, so a
 * retried commit does not log twice. Returns false when the alert was already there.
 */
export function stageAlert(ctx: RuleContext, path: string, a: AlertRecord): boolean {
  const line = `${JSON.stringify(a)}\n`;
  if (!stageIn(ctx, ctx.env, path, line, a)) return false;
  // `git commit -- <paths>` commits a temporary index (next-index-*.lock) and then installs
  // index.lock as the real index: the alert must be in both, or the next commit deletes it.
  const idx = ctx.env.GIT_INDEX_FILE;
  if (idx && /^next-index-\d+\.lock$/.test(basename(idx))) {
    const real = join(dirname(resolve(ctx.cwd, idx)), "index.lock");
    if (existsSync(real)) stageIn(ctx, { ...ctx.env, GIT_INDEX_FILE: real }, path, line, a);
  }
  const file = join(ctx.cwd, path);
  mkdirSync(dirname(file), { recursive: true });
  const wt = existsSync(file) ? readFileSync(file, "utf8") : "";
  appendFileSync(file, (wt && !wt.endsWith("\n") ? "\n" : "") + line);
  return true;
}
