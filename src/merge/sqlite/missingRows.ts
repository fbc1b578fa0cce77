import { openReadOnly, readOnlyUri } from "./openDatabase.js";
import { readSchema, tableInfo } from "./schema.js";
import { q } from "./sql.js";

/** Per table, how many rows of `older` (as whole rows) the database `newer` does not have. */
export function missingRows(older: string, newer: string): { table: string; missing: number }[] {
  const db = openReadOnly(newer);
  try {
    db.prepare("ATTACH ? AS old").run(readOnlyUri(older));
    const mine = readSchema(db, "main");
    const out: { table: string; missing: number }[] = [];
    for (const o of readSchema(db, "old").values()) {
      if (o.type !== "table" || /^\s*CREATE\s+VIRTUAL/i.test(o.sql ?? "")) continue;
      const cols = tableInfo(db, "old", o.name).columns.map((c) => q(c.name));
      const T = q(o.name);
      const missing = (
        mine.get(o.name)?.type === "table" &&
        tableInfo(db, "main", o.name).columns.length >= cols.length
          ? db
              .prepare(
                `SELECT count(*) FROM (SELECT ${cols.join(", ")} FROM old.${T} EXCEPT SELECT ${cols.join(", ")} FROM main.${T})`,
              )
              .pluck()
              .get()
          : db.prepare(`SELECT count(*) FROM old.${T}`).pluck().get()
      ) as number;
      if (missing) out.push({ table: o.name, missing });
    }
    return out;
  } finally {
    db.close();
  }
}
