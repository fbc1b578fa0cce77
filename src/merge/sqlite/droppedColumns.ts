import { sqliteMsg } from "../../io/messages/sqlite.js";
import type { ConflictRow } from "./conflicts.js";
import type { SqlDb } from "./engine.js";
import { tableInfo } from "./schema.js";
import { q, rowJson, type SqlValue, toJsonValue } from "./sql.js";

/**
 * A column one side dropped while the other changed its cells (or gave new rows a value there):
 * one conflict per such row, naming its key and holding each side's row. Keyless tables get one
 * conflict for the table. Empty when the other side left those columns as in base.
 */
export function droppedColumnConflicts(
  db: SqlDb,
  table: string,
  dropper: "ours" | "theirs",
  cols: string[],
): ConflictRow[] {
  const keep = dropper === "ours" ? "theirs" : "main";
  const other = dropper === "ours" ? "main" : "theirs";
  const T = q(table);
  const bi = tableInfo(db, "base", table);
  const ki = tableInfo(db, keep, table);
  const pk = bi.pk.filter((c) => ki.pk.includes(c));
  const dflt = (c: string) => bi.columns.find((x) => x.name === c)?.dflt ?? "NULL";
  if (!pk.length || pk.length !== bi.pk.length) {
    const list = cols.map(q).join(", ");
    const changed = db
      .prepare(
        `SELECT EXISTS (SELECT ${list} FROM ${keep}.${T} EXCEPT SELECT ${list} FROM base.${T}) OR EXISTS (SELECT ${list} FROM base.${T} EXCEPT SELECT ${list} FROM ${keep}.${T})`,
      )
      .pluck()
      .get();
    if (!changed) return [];
    return [
      {
        table,
        pk: null,
        base: null,
        ours: null,
        theirs: null,
        reason: sqliteMsg.droppedEditedTable(table, dropper, cols),
      },
    ];
  }
  const on = (a: string) => pk.map((c) => `${a}.${q(c)} IS k.${q(c)}`).join(" AND ");
  const kCols = ki.columns.map((c) => c.name);
  const bCols = bi.columns.map((c) => c.name);
  const isNew = `b.${bi.withoutRowid ? q(pk[0]) : "rowid"} IS NULL`;
  const st = db
    .prepare(
      `SELECT ${kCols.map((c) => `k.${q(c)}`).join(", ")} FROM ${keep}.${T} AS k LEFT JOIN base.${T} AS b ON ${on("b")} ` +
        `WHERE CASE WHEN ${isNew} THEN NOT (${cols.map((c) => `k.${q(c)} IS (${dflt(c)})`).join(" AND ")}) ` +
        `ELSE NOT (${cols.map((c) => `k.${q(c)} IS b.${q(c)}`).join(" AND ")}) END`,
    )
    .raw(true)
    .safeIntegers(true);
  const oi = tableInfo(db, other, table);
  const oCols = oi.columns.map((c) => c.name);
  const where = pk.map((c) => `${q(c)} IS ?`).join(" AND ");
  const baseGet = db
    .prepare(`SELECT ${bCols.map(q).join(", ")} FROM base.${T} WHERE ${where}`)
    .raw(true)
    .safeIntegers(true);
  const otherGet = db
    .prepare(`SELECT ${oCols.map(q).join(", ")} FROM ${other}.${T} WHERE ${where}`)
    .raw(true)
    .safeIntegers(true);
  const out: ConflictRow[] = [];
  for (const r of st.iterate() as IterableIterator<SqlValue[]>) {
    const key = pk.map((c) => r[kCols.indexOf(c)]);
    const b = (baseGet.get(...key) as SqlValue[] | undefined) ?? null;
    const o = (otherGet.get(...key) as SqlValue[] | undefined) ?? null;
    const kept = rowJson(kCols, r);
    const others = rowJson(oCols, o);
    out.push({
      table,
      pk: JSON.stringify(key.map(toJsonValue)),
      base: rowJson(bCols, b),
      ours: dropper === "ours" ? others : kept,
      theirs: dropper === "ours" ? kept : others,
      reason: sqliteMsg.droppedEdited(dropper, cols),
    });
  }
  return out;
}
