import { closeSync, copyFileSync, openSync, writeSync } from "node:fs";
import { basename } from "node:path";
import type { FileSettings } from "../../config/types.js";
import { InputError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";
import { applySchemaAfter, applySchemaBefore } from "./applySchema.js";
import { changedRows } from "./changedRows.js";
import type { ConflictRow } from "./conflicts.js";
import { writeConflicts } from "./conflicts.js";
import type { MergeContext, SqliteMergeOptions } from "./context.js";
import { fileOf, whichIsDamaged } from "./damagedInput.js";
import { droppedColumnConflicts } from "./droppedColumns.js";
import type { SqlDb } from "./engine.js";
import { foreignKeyViolations } from "./foreignKeys.js";
import { readHeader } from "./header.js";
import { mergeKeyed } from "./mergeKeyed.js";
import { mergeMultiset } from "./mergeMultiset.js";
import { hardenConnection, openDatabase, readOnlyUri } from "./openDatabase.js";
import { verifyBtrees } from "./pageFile.js";
import { indexesOf, replaceTable, sameRows, stashTheirs } from "./pkChange.js";
import { mergePkChangeWithInserts } from "./pkInserts.js";
import { planSchema } from "./planSchema.js";
import { rangesFor } from "./ranges.js";
import { findRenames, type Rename } from "./renames.js";
import { readSchema, type TableInfo, tableInfo } from "./schema.js";
import { q } from "./sql.js";
import { parentsFirst } from "./tableOrder.js";
import { tableSettings } from "./tableSettings.js";
import { MergeTemp } from "./workDir.js";

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
 * temp file under the git dir and moved over `out`. Throws InputError (out untouched) on bad input.
 */
export function mergeDatabases(
  files: MergeFiles,
  settings: FileSettings,
  opts: SqliteMergeOptions = {},
): MergeOutcome {
  const baseHeader = readHeader(files.base, "base (%O)", true);
  const oursHeader = readHeader(files.ours, "ours (%A)", false);
  const theirsHeader = readHeader(files.theirs, "theirs (%B)", false);
  const temp = new MergeTemp(opts.cwd ?? process.cwd(), files.out, opts.tempDir);
  const tmp = temp.file(`${basename(files.out)}.merge`);
  let db: SqlDb | null = null;
  let reader: SqlDb | null = null;
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
    // Columns renamed on one side: base (and theirs, for ours' renames) are read through renamed
    // copies, and theirs' renames are made in the result, so values follow the new names.
    const conflicts: ConflictRow[] = [];
    const renames = followRenames(db, conflicts);
    const attached = { base: files.base, theirs: files.theirs };
    for (const [schema, header] of [
      ["base", baseHeader],
      ["theirs", theirsHeader],
    ] as const) {
      const list = renames[schema];
      if (!list.length) continue;
      const copy = temp.file(`${schema}.db`);
      copyFileSync(attached[schema], copy);
      if (header.wal) setWal(copy, false);
      renameColumns(copy, list, conflicts);
      db.prepare(`DETACH ${schema}`).run();
      db.prepare(`ATTACH ? AS ${schema}`).run(readOnlyUri(copy));
      attached[schema] = copy;
    }
    reader = openDatabase(":memory:");
    hardenConnection(reader);
    reader.prepare("ATTACH ? AS base").run(readOnlyUri(attached.base));
    reader.prepare("ATTACH ? AS theirs").run(readOnlyUri(attached.theirs));
    const ctx: MergeContext = {
      db,
      reader,
      conflicts,
      rekeyed: new Map(),
      stats: { inserted: 0, updated: 0, deleted: 0 },
      opts,
    };
    const d = db;
    // Most pages of a large database are the same in base and theirs: compare only the rest.
    const ranges = opts.fullScan ? null : rangesFor(d, files.base, files.theirs);
    d.transaction(() => {
      for (const r of renames.main) {
        try {
          d.prepare(
            `ALTER TABLE main.${q(r.table)} RENAME COLUMN ${q(r.from)} TO ${q(r.to)}`,
          ).run();
        } catch (e) {
          ctx.conflicts.push(
            schemaConflict(
              r.table,
              sqliteMsg.renameFailed(r.table, r.from, r.to, (e as Error).message),
            ),
          );
        }
      }
      const fkBefore = foreignKeyViolations(d);
      const plan = planSchema(d);
      ctx.conflicts.push(...plan.rowConflicts);
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
        const key = (t: TableInfo | null) => t?.pk.join("\0");
        if (key(mi) !== key(ti) || (bi && key(bi) !== key(mi))) {
          if (key(ti) === key(bi) && sameRows(d, "theirs", "base", mi.name)) continue;
          if (bi && key(mi) === key(bi) && sameRows(d, "main", "base", mi.name)) {
            // Only theirs changed the table, its key included: take theirs' table whole.
            const sql = readSchema(d, "theirs").get(mi.name)?.sql ?? null;
            replaceTable(
              d,
              mi.name,
              sql ?? "",
              ["theirs", mi.name],
              indexesOf(d, "theirs", mi.name),
            );
            continue;
          }
          // One side changed the key, the other only inserted rows: merged as Dolt does.
          const changer =
            bi && key(ti) === key(bi) ? "main" : bi && key(mi) === key(bi) ? "theirs" : null;
          const merged = changer && mergePkChangeWithInserts(d, mi.name, changer);
          if (merged) {
            ctx.conflicts.push(...merged);
            continue;
          }
          stashTheirs(d, mi.name);
          ctx.conflicts.push({
            table: mi.name,
            pk: null,
            base: readSchema(d, "base").get(mi.name)?.sql ?? null,
            ours: readSchema(d, "main").get(mi.name)?.sql ?? null,
            theirs: readSchema(d, "theirs").get(mi.name)?.sql ?? null,
            reason: sqliteMsg.pkChanged(mi.name, bi?.pk ?? null, mi.pk, ti.pk),
          });
          continue;
        }
        if (bi) {
          // Ours dropped a column theirs still has: theirs' changes to it are conflicts.
          const dropped = bi.columns
            .map((c) => c.name)
            .filter(
              (c) => !mi.columns.some((x) => x.name === c) && ti.columns.some((x) => x.name === c),
            );
          if (dropped.length)
            ctx.conflicts.push(...droppedColumnConflicts(d, mi.name, "ours", dropped));
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
    temp.moveTo(tmp, files.out);
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
    temp.cleanup();
  }
}

function schemaConflict(table: string, reason: string): ConflictRow {
  return { table, pk: null, base: null, ours: null, theirs: null, reason };
}

/**
 * Decide how each rename is followed: returns the renames to make in the result (theirs') and in
 * copies of base and theirs; a column renamed differently on each side is a conflict.
 */
function followRenames(
  db: SqlDb,
  conflicts: ConflictRow[],
): Record<"main" | "base" | "theirs", Rename[]> {
  const out = { main: [] as Rename[], base: [] as Rename[], theirs: [] as Rename[] };
  const found = findRenames(db);
  const k = (r: Rename) => `${r.table}\0${r.from}`;
  const ours = new Map(found.filter((r) => r.side === "main").map((r) => [k(r), r]));
  const theirs = new Map(found.filter((r) => r.side === "theirs").map((r) => [k(r), r]));
  for (const [key, o] of ours) {
    const t = theirs.get(key);
    if (t && t.to !== o.to) {
      conflicts.push(schemaConflict(o.table, sqliteMsg.renameClash(o.table, o.from, o.to, t.to)));
      continue;
    }
    out.base.push(o);
    // Theirs dropped the column ours renamed: nothing to rename there (a drop against ours).
    if (!t && hasColumn(db, "theirs", o.table, o.from)) out.theirs.push(o);
  }
  for (const [key, t] of theirs) {
    if (ours.has(key)) continue;
    if (hasColumn(db, "main", t.table, t.from)) out.main.push(t);
    out.base.push(t);
  }
  return out;
}

function hasColumn(db: SqlDb, schema: string, table: string, column: string): boolean {
  return tableInfo(db, schema, table).columns.some((c) => c.name === column);
}

/** Make renames in a copy of an input (a conflict for each that SQLite refuses). */
function renameColumns(path: string, list: Rename[], conflicts: ConflictRow[]): void {
  const c = openDatabase(path, { fileMustExist: true });
  try {
    hardenConnection(c);
    c.pragma("journal_mode = MEMORY");
    for (const r of list) {
      try {
        c.prepare(`ALTER TABLE main.${q(r.table)} RENAME COLUMN ${q(r.from)} TO ${q(r.to)}`).run();
      } catch (e) {
        conflicts.push(
          schemaConflict(
            r.table,
            sqliteMsg.renameFailed(r.table, r.from, r.to, (e as Error).message),
          ),
        );
      }
    }
  } finally {
    c.close();
  }
}
