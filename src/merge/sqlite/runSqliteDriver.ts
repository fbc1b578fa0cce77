import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FileSettings } from "../../config/types.js";
import { atomicWrite } from "../../io/atomicWrite.js";
import { EXIT, UsageError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";
import type { SqliteMergeOptions } from "./context.js";
import { SqliteEngineMissing, sqliteEngine, useSqliteEngine } from "./engine.js";
import { cleanToPointer, isPointerFile, smudgeTo } from "./lfsFiles.js";
import { mergeDatabases } from "./mergeDatabases.js";
import { MergeTemp } from "./workDir.js";

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
  io: { cwd: string; err(t: string): void; env?: NodeJS.ProcessEnv },
  opts: SqliteMergeOptions = optionsFrom(io.env),
): Promise<number> {
  // The entry's environment: MLBRANCH_SQLITE_ENGINE picks the engine (tests choose in-process).
  if (io.env) useSqliteEngine(io.env.MLBRANCH_SQLITE_ENGINE);
  const [base, ours, theirs, , pathArg] = argv;
  if (!base || !ours || !theirs) throw new UsageError(sqliteMsg.driverUsage());
  const path = pathArg ?? ours;
  try {
    sqliteEngine();
  } catch (e) {
    if (!(e instanceof SqliteEngineMissing)) throw e;
    return keepBothSides(theirs, path, e.message, io);
  }
  const settings = await settingsFor(io.cwd, path);
  const mergeOpts = { cwd: io.cwd, ...opts };
  const lfs = [
    isPointerFile(base, "base (%O)"),
    isPointerFile(ours, "ours (%A)"),
    isPointerFile(theirs, "theirs (%B)"),
  ];
  if (!lfs.some(Boolean)) {
    const r = mergeDatabases({ base, ours, theirs, out: ours }, settings, mergeOpts);
    return report(r.conflicts, path, io);
  }
  // LFS: merge the real contents in temp files (under the git dir), then store the result and
  // write its pointer.
  const temp = new MergeTemp(io.cwd, ours, opts.tempDir);
  const files = {
    base: temp.file("lfs.base"),
    ours: temp.file("lfs.ours"),
    theirs: temp.file("lfs.theirs"),
  };
  const result = temp.file("lfs.result");
  try {
    const roles = ["base", "ours", "theirs"] as const;
    const given = { base, ours, theirs };
    for (const [i, role] of roles.entries()) {
      if (lfs[i]) smudgeTo(io.cwd, given[role], path, role, files[role]);
      else files[role] = given[role];
    }
    const r = mergeDatabases({ ...files, out: result }, settings, mergeOpts);
    cleanToPointer(io.cwd, result, path, ours);
    return report(r.conflicts, path, io);
  } finally {
    temp.cleanup();
  }
}

/** Options git's run takes from the environment: MLBRANCH_SQLITE_FULL_SCAN=1 (a debugging aid). */
function optionsFrom(env: NodeJS.ProcessEnv | undefined): SqliteMergeOptions {
  return { fullScan: env?.MLBRANCH_SQLITE_FULL_SCAN === "1" };
}

/**
 * Without an SQLite engine nothing can be merged, and nothing may be lost: %A stays ours, theirs
 * is copied beside the path as <path>~theirs (as git names a side it cannot place), exit 1.
 */
function keepBothSides(
  theirs: string,
  path: string,
  why: string,
  io: { cwd: string; err(t: string): void },
): number {
  const copy = `${path}~theirs`;
  atomicWrite(join(io.cwd, copy), readFileSync(theirs));
  io.err(sqliteMsg.driverNoEngine(path, copy, why));
  return EXIT.violation;
}

function report(
  conflicts: {
    table: string;
    pk?: string | null;
    ours?: string | null;
    theirs?: string | null;
    reason?: string;
  }[],
  path: string,
  io: { err(t: string): void },
): number {
  if (!conflicts.length) return EXIT.ok;
  // The first few conflicts, each with its key and both sides' rows: which values are at stake.
  const details = conflicts.map(
    (c) =>
      `${c.table}${c.pk ? ` ${c.pk}` : ""}: ${c.reason ?? "conflict"}` +
      (c.pk && (c.ours || c.theirs)
        ? ` (ours ${c.ours ?? "none"}, theirs ${c.theirs ?? "none"})`
        : ""),
  );
  io.err(
    sqliteMsg.conflicted(
      path,
      conflicts.length,
      [...new Set(conflicts.map((c) => c.table))],
      details,
    ),
  );
  return EXIT.violation;
}
