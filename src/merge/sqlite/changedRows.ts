import type { SqlDb } from "./engine.js";
import { q } from "./sql.js";

/** True when theirs' rows of a table differ from base's (whole rows, both ways); a full comparison,
 * for small tables (virtual-table shadows) and rare cases (a table ours dropped). */
export function changedRows(db: SqlDb, table: string): boolean {
  const T = q(table);
  const inBase = db
    .prepare("SELECT 1 FROM base.sqlite_schema WHERE type = 'table' AND name = ?")
    .get(table);
  if (!inBase) return true;
  return !!db
    .prepare(
      `SELECT EXISTS (SELECT * FROM theirs.${T} EXCEPT SELECT * FROM base.${T}) OR EXISTS (SELECT * FROM base.${T} EXCEPT SELECT * FROM theirs.${T})`,
    )
    .pluck()
    .get();
}
