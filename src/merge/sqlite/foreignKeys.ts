import { sqliteMsg } from "../../io/messages/sqlite.js";
import type { SqlDb } from "./engine.js";
import { q, rowJson, type SqlValue } from "./sql.js";

/** A row whose FOREIGN KEY points at a row the database does not have. */
export interface FkViolation {
  key: string;
  table: string;
  rowid: number | null;
  row: string | null;
  reason: string;
}

/** `PRAGMA foreign_key_check` on ours/the result, with each offending row as JSON. */
export function foreignKeyViolations(db: SqlDb): FkViolation[] {
  const any = db
    .prepare(
      "SELECT 1 FROM main.sqlite_schema AS s, pragma_foreign_key_list(s.name, 'main') WHERE s.type = 'table' LIMIT 1",
    )
    .get();
  if (!any) return [];
  const rows = db.prepare("PRAGMA main.foreign_key_check").all() as {
    table: string;
    rowid: number | null;
    parent: string;
    fkid: number;
  }[];
  return rows.map((r) => {
    let row: string | null = null;
    if (r.rowid !== null) {
      const st = db
        .prepare(`SELECT * FROM main.${q(r.table)} WHERE rowid = ?`)
        .raw(true)
        .safeIntegers(true);
      const cols = st.columns().map((c) => c.name);
      row = rowJson(cols, (st.get(r.rowid) as SqlValue[] | undefined) ?? null);
    }
    return {
      key: `${r.table}\0${r.rowid}\0${r.parent}\0${r.fkid}`,
      table: r.table,
      rowid: r.rowid,
      row,
      reason: sqliteMsg.fkViolation(r.table, r.rowid, r.parent),
    };
  });
}
