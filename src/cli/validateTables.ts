import type { Config } from "../config/types.js";
import { UsageError } from "../io/errors.js";
import { cliMsg } from "../io/messages/common.js";
import { errorLine } from "../io/messages/contracts.js";
import { validateTableFile } from "../validate/validateTableFile.js";

/** One table error in `validate --json`. */
export interface TableErrorJson {
  file: string;
  row: number | null;
  field: string | null;
  type: string;
  message: string;
}

/**
 * The Table Schema part of `mlbranch validate`: each file's table errors (a file with errors is
 * marked not ok), the report grouped by file, and the unusable schemas (exit 2).
 */
export function tableResults(
  root: string,
  config: Config,
  files: { path: string; ok: boolean; problems: string[] }[],
  maxErrors: string | undefined,
  help: string,
): { errors: TableErrorJson[]; report: string; broken: string[] } {
  const max = maxErrors === undefined ? 1000 : Number(maxErrors);
  if (!Number.isInteger(max) || max < 1)
    throw new UsageError(
      cliMsg.badOption(`--max-errors must be a positive integer, not "${maxErrors}".`, help),
    );
  const errors: TableErrorJson[] = [];
  const broken: string[] = [];
  const lines: string[] = [];
  for (const f of files) {
    const r = validateTableFile(root, config, f.path, max);
    if (r.kind === "none") continue;
    if (r.kind === "broken") {
      if (!broken.includes(r.message)) broken.push(r.message);
      f.ok = false;
      continue;
    }
    if (!r.total) continue;
    f.ok = false;
    f.problems.push(
      `breaks its Table Schema ${r.schema}: ${r.total} error${r.total === 1 ? "" : "s"}`,
    );
    lines.push(`${f.path} (Table Schema ${r.schema}): ${r.total} error${r.total === 1 ? "" : "s"}`);
    for (const e of r.errors) {
      errors.push({ file: f.path, ...e });
      lines.push(`  ${errorLine(e)}`);
    }
    if (r.total > r.errors.length)
      lines.push(`  ... and ${r.total - r.errors.length} more (--max-errors)`);
  }
  return { errors, report: lines.join("\n"), broken };
}
