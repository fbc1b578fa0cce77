import { sqliteMsg } from "../../io/messages/sqlite.js";
import type { ConflictRow } from "./conflicts.js";
import type { SqlDb } from "./engine.js";
import { indexesOf, replaceTable } from "./pkChange.js";
import { readSchema, tableInfo } from "./schema.js";
import { q, rowJson, type SqlValue, toJsonValue } from "./sql.js";

const NEW_ROWS = "mlbranch_new_rows";

/**
 * A primary key changed on one side (`changer`) while the other side only inserted rows: every
 * base row still there as it was, the columns and key as in base. As Dolt merges it: the changed
 * side's table, plus the other side's new rows laid on its columns. A new row whose new key is
 * taken by a different row, or with a value in a column the changed side dropped, is a conflict
 * naming that row (its values are kept in mlbranch_conflicts). Null when the other side did more
 * than insert (the caller keeps both tables and stops).
 */
export function mergePkChangeWithInserts(
  db: SqlDb,
  table: string,
  changer: "main" | "theirs",
): ConflictRow[] | null {
  const other = changer === "main" ? "theirs" : "main";
  const T = q(table);
  const bi = tableInfo(db, "base", table);
  const oi = tableInfo(db, other, table);
  const names = (cols: { name: string }[]) => cols.map((c) => c.name);
  const bCols = names(bi.columns);
  const oCols = names(oi.columns);
  if (oi.pk.join("\0") !== bi.pk.join("\0") || oCols.join("\0") !== bCols.join("\0")) return null;
  const list = oCols.map(q).join(", ");
  const kept = db
    .prepare(
      `SELECT NOT EXISTS (SELECT ${list} FROM base.${T} EXCEPT SELECT ${list} FROM ${other}.${T})`,
    )
    .pluck()
    .get();
  if (!kept) return null;
  // The other side's new rows, set aside before the changed side's table replaces ours.
  db.prepare(`DROP TABLE IF EXISTS temp.${q(NEW_ROWS)}`).run();
  db.prepare(
    `CREATE TEMP TABLE ${q(NEW_ROWS)} AS SELECT ${list} FROM ${other}.${T} EXCEPT SELECT ${list} FROM base.${T}`,
  ).run();
  if (changer === "theirs") {
    const sql = readSchema(db, "theirs").get(table)?.sql ?? "";
    replaceTable(db, table, sql, ["theirs", table], indexesOf(db, "theirs", table));
  }
  const have = new Set(names(tableInfo(db, "main", table).columns));
  const into = oCols.filter((c) => have.has(c));
  const lostCols = oCols.filter((c) => !have.has(c));
  const insert = db.prepare(
    `INSERT INTO main.${T} (${into.map(q).join(", ")}) VALUES (${into.map(() => "?").join(", ")})`,
  );
  const rows = db
    .prepare(`SELECT ${list} FROM temp.${q(NEW_ROWS)}`)
    .raw(true)
    .safeIntegers(true)
    .all() as SqlValue[][];
  const out: ConflictRow[] = [];
  const side = (row: SqlValue[]) => rowJson(oCols, row);
  for (const row of rows) {
    const key = JSON.stringify(bi.pk.map((c) => toJsonValue(row[oCols.indexOf(c)])));
    const conflict = (reason: string) =>
      out.push({
        table,
        pk: key,
        base: null,
        ours: other === "main" ? side(row) : null,
        theirs: other === "theirs" ? side(row) : null,
        reason,
      });
    const lost = lostCols.filter((c) => row[oCols.indexOf(c)] !== null);
    if (lost.length) {
      conflict(sqliteMsg.pkInsertLosesColumn(table, other === "main" ? "ours" : "theirs", lost));
      continue;
    }
    try {
      insert.run(...into.map((c) => row[oCols.indexOf(c)]));
    } catch (e) {
      conflict(sqliteMsg.pkInsertClash(table, (e as Error).message.split("\n")[0]));
    }
  }
  db.prepare(`DROP TABLE temp.${q(NEW_ROWS)}`).run();
  return out;
}
