import type { SqlDb } from "./engine.js";
import { CONFLICTS_TABLE } from "./schema.js";
import { q } from "./sql.js";

/** One row of mlbranch_conflicts: the key and each side's row as JSON (null where absent). */
export interface ConflictRow {
  table: string;
  /** JSON array of the primary-key values; null for schema conflicts. */
  pk: string | null;
  base: string | null;
  ours: string | null;
  theirs: string | null;
  reason: string;
}

/** Create mlbranch_conflicts in the result (if needed) and add the rows. */
export function writeConflicts(db: SqlDb, rows: ConflictRow[]): void {
  if (!rows.length) return;
  db.prepare(
    `CREATE TABLE IF NOT EXISTS main.${q(CONFLICTS_TABLE)} (table_name TEXT NOT NULL, pk TEXT, base TEXT, ours TEXT, theirs TEXT, reason TEXT)`,
  ).run();
  const ins = db.prepare(
    `INSERT INTO main.${q(CONFLICTS_TABLE)} (table_name, pk, base, ours, theirs, reason) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) ins.run(r.table, r.pk, r.base, r.ours, r.theirs, r.reason);
}

/** True when the database has the conflicts table (a merge left cells to settle). */
export function hasConflictsTable(db: SqlDb): boolean {
  return !!db
    .prepare("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = ?")
    .get(CONFLICTS_TABLE);
}

/** How many conflicts the table holds (counted in SQLite, none loaded). */
export function countConflicts(db: SqlDb): number {
  return db
    .prepare(`SELECT count(*) FROM main.${q(CONFLICTS_TABLE)}`)
    .pluck()
    .get() as number;
}

/** The conflicts still recorded in a database (empty when it has no mlbranch_conflicts). */
export function readConflicts(db: SqlDb, table?: string): ConflictRow[] {
  if (!hasConflictsTable(db)) return [];
  const rows = db
    .prepare(
      `SELECT table_name AS "table", pk, base, ours, theirs, reason FROM main.${q(CONFLICTS_TABLE)}` +
        (table === undefined ? "" : " WHERE table_name = ?") +
        " ORDER BY rowid",
    )
    .all(...(table === undefined ? [] : [table])) as ConflictRow[];
  return rows;
}
