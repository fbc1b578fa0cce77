import { existsSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { FileSettings } from "../../config/types.js";
import { EXIT, UsageError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";
import { cleanToPointer, isPointerFile, smudgeTo } from "./lfsFiles.js";
import { mergeDatabases } from "./mergeDatabases.js";

const CONFIG_FILE = "mlbranch.json";

// git runs merge drivers at the top of the work tree; the config (and ajv) load only if present.
async function settingsFor(cwd: string, path: string): Promise<FileSettings> {
  if (!existsSync(join(cwd, CONFIG_FILE))) return {};
  const { loadConfig } = await import("../../config/loadConfig.js");
  const { fileSettingsFor } = await import("./settings.js");
  return fileSettingsFor(loadConfig(cwd), path);
}

/**
 * The mlbranch-sqlite merge driver: `%O %A %B [%L] [%P]`. Writes the result over %A and returns
 * 0 (clean) or 1 (conflicts recorded in mlbranch_conflicts); throws MlbranchError on bad input.
 */
export async function runSqliteDriver(
  argv: string[],
  io: { cwd: string; err(t: string): void },
): Promise<number> {
  const [base, ours, theirs, , pathArg] = argv;
  if (!base || !ours || !theirs) throw new UsageError(sqliteMsg.driverUsage());
  const path = pathArg ?? ours;
  const settings = await settingsFor(io.cwd, path);
  const lfs = [
    isPointerFile(base, "base (%O)"),
    isPointerFile(ours, "ours (%A)"),
    isPointerFile(theirs, "theirs (%B)"),
  ];
  if (!lfs.some(Boolean)) {
    const r = mergeDatabases({ base, ours, theirs, out: ours }, settings);
    return report(r.conflicts, path, io);
  }
  // LFS: merge the real contents in temp files, then store the result and write its pointer.
  const dir = dirname(ours);
  const stem = join(dir, `.${basename(ours)}.mlbranch-lfs-${process.pid}`);
  const files = { base: `${stem}.base`, ours: `${stem}.ours`, theirs: `${stem}.theirs` };
  try {
    const roles = ["base", "ours", "theirs"] as const;
    const given = { base, ours, theirs };
    for (const [i, role] of roles.entries()) {
      if (lfs[i]) smudgeTo(io.cwd, given[role], path, role, files[role]);
      else files[role] = given[role];
    }
    const r = mergeDatabases({ ...files, out: `${stem}.result` }, settings);
    cleanToPointer(io.cwd, `${stem}.result`, path, ours);
    return report(r.conflicts, path, io);
  } finally {
    for (const f of [`${stem}.base`, `${stem}.ours`, `${stem}.theirs`, `${stem}.result`])
      rmSync(f, { force: true });
  }
}

function report(
  conflicts: { table: string }[],
  path: string,
  io: { err(t: string): void },
): number {
  if (!conflicts.length) return EXIT.ok;
  io.err(sqliteMsg.conflicted(path, conflicts.length, [...new Set(conflicts.map((c) => c.table))]));
  return EXIT.violation;
}
