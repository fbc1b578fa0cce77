import { join } from "node:path";
import type { Config } from "../config/types.js";
import { LINT_STAGED_FILE } from "../hooks/lintStagedPaths.js";
import { type InstallContext, readText, removeIfPresent, writeIfChanged } from "./context.js";

const VALIDATE = "mlbranch validate";

/** lint-staged entries: schema-checked JSON/JSONL paths, the tracking file, SQLite integrity, no SQLite side files. */
export function lintStagedEntries(config: Config): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [glob, s] of Object.entries(config.files)) if (s.schema) out[glob] = VALIDATE;
  // The tracking file always: a line that is no record would break tag and promote for good
  // once committed on an append-only branch.
  out[config.tracking.file] = VALIDATE;
  out["*.{db,sqlite,sqlite3}"] = VALIDATE;
  out["*-{wal,shm,journal}"] = VALIDATE;
  return out;
}

/** Write the config file lint-staged gets with --config. */
export function writeLintStagedConfig(ctx: InstallContext, config: Config): void {
  const file = join(ctx.root, LINT_STAGED_FILE);
  const had = readText(file) !== undefined;
  writeIfChanged(
    ctx,
    file,
    `${JSON.stringify(lintStagedEntries(config), null, 2)}\n`,
    `${LINT_STAGED_FILE}: ${had ? "updated" : "written"} (staged data-file validation)`,
  );
}

/** Remove mlbranch's lint-staged config. */
export function removeLintStagedConfig(ctx: InstallContext): void {
  removeIfPresent(ctx, join(ctx.root, LINT_STAGED_FILE), `${LINT_STAGED_FILE}: removed`);
}
