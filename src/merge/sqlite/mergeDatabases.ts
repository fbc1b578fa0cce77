import { closeSync, copyFileSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type Database from "better-sqlite3";
import type { FileSettings } from "../../config/types.js";
import { InputError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";
import { applySchemaAfter, applySchemaBefore } from "./applySchema.js";
import { changedRows } from "./changedRows.js";
import type { ConflictRow } from "./conflicts.js";
import { writeConflicts } from "./conflicts.js";
import type { MergeContext } from "./context.js";
import { fileOf, whichIsDamaged } from "./damagedInput.js";
import { foreignKeyViolations } from "./foreignKeys.js";
import { readHeader } from "./header.js";
import { mergeKeyed } from "./mergeKeyed.js";
import { mergeMultiset } from "./mergeMultiset.js";
import { hardenConnection, openDatabase, readOnlyUri } from "./openDatabase.js";
import { verifyBtrees } from "./pageFile.js";
import { planSchema } from "./planSchema.js";
import { rangesFor } from "./ranges.js";
import { tableInfo } from "./schema.js";
import { parentsFirst } from "./tableOrder.js";
import { tableSettings } from "./tableSettings.js";

/** What a merge did: conflicts recorded (none = clean) and row counts. */
export interface MergeOutcome {
  conflicts: ConflictRow[];
  stats: MergeContext["stats"];
}

/** The three inputs and where the result goes (usually the same file as ours). */
export interface MergeFiles {
  base: string;
  ours: string;
  theirs: string;
  out: string;
}

function setWal(path: string, wal: boolean): void {
  const fd = openSync(path, "r+");
  try {
    writeSync(fd, Buffer.from(wal ? [2, 2] : [1, 1]), 0, 2, 18);
  } finally {
    closeSync(fd);
  }
}

/**
 * Three-way merge of SQLite databases: ours plus every change theirs made since base, built in a
 * temp file next to `out` and renamed over it. Throws InputError (out untouched) on bad input.
 */
export function mergeDatabases(files: MergeFiles, settings: FileSettings): MergeOutcome {
  readHeader(files.base, "base (%O)", true);
  const oursHeader = readHeader(files.ours, "ours (%A)", false);
  readHeader(files.theirs, "theirs (%B)", false);
  const tmp = join(dirname(files.out), `.${basename(files.out)}.mlbranch-${process.pid}.tmp`);
  let db: Database.Database | null = null;
  let reader: Database.Database | null = null;
  let role = "ours (%A)";
  try {
    copyFileSync(files.ours, tmp);
    // A WAL-mode file would grow -wal/-shm files; merge in rollback mode, restore the flag after.
    if (oursHeader.wal) setWal(tmp, false);
    db = openDatabase(tmp, { fileMustExist: true });
    hardenConnection(db);
    // In memory: nothing on disk, and a failed step can still be rolled back.
    db.pragma("journal_mode = MEMORY");
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -65536");
    const oursRoots = db
      .prepare(
        "SELECT rootpage FROM main.sqlite_schema WHERE type IN ('table', 'index') AND rootpage > 0",
      )
      .pluck()
      .all() as number[];
    try {
      verifyBtrees(files.ours, oursRoots);
    } catch (e) {
      throw new InputError(sqliteMsg.corrupt(role, files.ours, (e as Error).message));
    }
    role = "base (%O)";
    db.prepare("ATTACH ? AS base").run(readOnlyUri(files.base));
    db.prepare("SELECT count(*) FROM base.sqlite_schema").get();
    role = "theirs (%B)";
    db.prepare("ATTACH ? AS theirs").run(readOnlyUri(files.theirs));
    db.prepare("SELECT count(*) FROM theirs.sqlite_schema").get();
    role = "the databases";
    reader = openDatabase(":memory:");
    hardenConnection(reader);
    reader.prepare("ATTACH ? AS base").run(readOnlyUri(files.base));
    reader.prepare("ATTACH ? AS theirs").run(readOnlyUri(files.theirs));
    const ctx: MergeContext = {
      db,
      reader,
      conflicts: [],
      rekeyed: new Map(),
      stats: { inserted: 0, updated: 0, deleted: 0 },
    };
    const d = db;
    // Most pages of a large database are the same in base and theirs: compare only the rest.
    const ranges =
      process.env.MLBRANCH_SQLITE_FULL_SCAN === "1" ? null : rangesFor(d, files.base, files.theirs);
    d.transaction(() => {
      const fkBefore = foreignKeyViolations(d);
      const plan = planSchema(d);
      for (const c of plan.conflicts)
        ctx.conflicts.push({
          table: c.name,
          pk: null,
          base: c.base,
          ours: c.ours,
          theirs: c.theirs,
          reason: c.reason,
        });
      const onFail = (name: string, reason: string) =>
        ctx.conflicts.push({ table: name, pk: null, base: null, ours: null, theirs: null, reason });
      const created = applySchemaBefore(d, plan, onFail);
      const infos = plan.rowTables.map((n) => tableInfo(d, "main", n));
      for (const mi of parentsFirst(infos)) {
        const ti = tableInfo(d, "theirs", mi.name);
        if (mi.virtual || ti.virtual) continue;
        if (mi.shadow || ti.shadow) {
          // Merging an FTS or R*Tree index row by row would corrupt it: ours' is kept, and a
          // change theirs made to it is a conflict.
          if (changedRows(d, mi.name))
            ctx.conflicts.push({
              table: mi.name,
              pk: null,
              base: null,
              ours: null,
              theirs: null,
              reason: sqliteMsg.shadowTable(mi.name),
            });
          continue;
        }
        const baseHas = d
          .prepare("SELECT 1 FROM base.sqlite_schema WHERE type = 'table' AND name = ?")
          .get(mi.name);
        const bi = baseHas ? tableInfo(d, "base", mi.name) : null;
        if (
          mi.pk.join("\0") !== ti.pk.join("\0") ||
          (bi && bi.pk.join("\0") !== mi.pk.join("\0"))
        ) {
          ctx.conflicts.push({
            table: mi.name,
            pk: null,
            base: null,
            ours: null,
            theirs: null,
            reason: sqliteMsg.pkDiffers(mi.name, mi.pk, ti.pk),
          });
          continue;
        }
        const isNew = created.has(mi.name) || !bi;
        const r = isNew ? null : (ranges?.get(mi.name) ?? null);
        if (!mi.pk.length) mergeMultiset(ctx, mi, ti, isNew ? null : bi, r);
        else mergeKeyed(ctx, mi, ti, isNew ? null : bi, tableSettings(settings, mi.name), r);
      }
      applySchemaAfter(d, plan, onFail);
      const before = new Set(fkBefore.map((v) => v.key));
      for (const v of foreignKeyViolations(d)) {
        if (before.has(v.key)) continue;
        ctx.conflicts.push({
          table: v.table,
          pk: null,
          base: null,
          ours: v.row,
          theirs: null,
          reason: v.reason,
        });
      }
      writeConflicts(d, ctx.conflicts);
    })();
    db.close();
    db = null;
    if (oursHeader.wal) setWal(tmp, true);
    renameSync(tmp, files.out);
    return { conflicts: ctx.conflicts, stats: ctx.stats };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as { code?: string }).code ?? "";
    if (/^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN|FORMAT|RANGE)/.test(code)) {
      // Name the damaged input: only on this error path is each one checked in full.
      const bad = role === "the databases" ? whichIsDamaged(files) : role;
      throw new InputError(sqliteMsg.corrupt(bad, fileOf(files, bad), (e as Error).message));
    }
    throw e;
  } finally {
    reader?.close();
    db?.close();
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
  }
}
