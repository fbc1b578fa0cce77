import { existsSync } from "node:fs";
import { InputError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";
import { readConflicts } from "./conflicts.js";
import { readHeader } from "./header.js";
import { hardenConnection, openDatabase } from "./openDatabase.js";
import { indexesOf, replaceTable } from "./pkChange.js";
import { CONFLICTS_TABLE, readSchema, THEIRS_TABLE_PREFIX, tableInfo } from "./schema.js";
import { fromJsonValue, q } from "./sql.js";

/** What `mlbranch resolve` did. */
export interface ResolveOutcome {
  resolved: number;
  left: number;
  /** Schema conflicts settled by keeping ours' definition (theirs' cannot be applied by row). */
  schemaKept: number;
}

/**
 * Settle recorded conflicts with one side's rows (all, or one table's), then drop
 * mlbranch_conflicts when none are left. Triggers do not fire: the rows carry their effects.
 */
export function resolveConflicts(
  path: string,
  side: "ours" | "theirs",
  table?: string,
): ResolveOutcome {
  if (!existsSync(path)) throw new InputError(sqliteMsg.dbMissing(path));
  readHeader(path, "the database", false);
  const db = openDatabase(path, { fileMustExist: true });
  try {
    hardenConnection(db);
    const out: ResolveOutcome = { resolved: 0, left: 0, schemaKept: 0 };
    if (!readConflicts(db).length) return out;
    db.transaction(() => {
      const rows = db
        .prepare(
          `SELECT rowid AS id, table_name AS "table", pk, theirs FROM main.${q(CONFLICTS_TABLE)}` +
            (table === undefined ? "" : " WHERE table_name = ?"),
        )
        .all(...(table === undefined ? [] : [table])) as {
        id: number;
        table: string;
        pk: string | null;
        theirs: string | null;
      }[];
      const triggers = [...readSchema(db, "main").values()].filter((o) => o.type === "trigger");
      for (const t of triggers) db.prepare(`DROP TRIGGER main.${q(t.name)}`).run();
      const done = db.prepare(`DELETE FROM main.${q(CONFLICTS_TABLE)} WHERE rowid = ?`);
      const stashed = (t: string) =>
        !!db
          .prepare("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = ?")
          .get(THEIRS_TABLE_PREFIX + t);
      for (const r of rows) {
        if (r.pk === null && stashed(r.table)) {
          // A table whose primary key changed: theirs' whole table was kept beside ours'.
          const S = q(THEIRS_TABLE_PREFIX + r.table);
          if (side === "theirs" && r.theirs)
            replaceTable(
              db,
              r.table,
              r.theirs,
              ["main", THEIRS_TABLE_PREFIX + r.table],
              indexesOf(db, "main", r.table),
            );
          db.prepare(`DROP TABLE main.${S}`).run();
        } else if (r.pk === null) out.schemaKept += side === "theirs" ? 1 : 0;
        else if (side === "theirs") applyTheirs(db, r.table, JSON.parse(r.pk), r.theirs);
        done.run(r.id);
        out.resolved++;
      }
      for (const t of triggers) if (t.sql) db.prepare(t.sql).run();
      out.left = readConflicts(db).length;
      if (!out.left) db.prepare(`DROP TABLE main.${q(CONFLICTS_TABLE)}`).run();
    })();
    return out;
  } finally {
    db.close();
  }
}

function applyTheirs(
  db: ReturnType<typeof openDatabase>,
  table: string,
  pkJson: unknown[],
  theirs: string | null,
): void {
  const info = tableInfo(db, "main", table);
  const where = info.pk.map((c) => `${q(c)} IS ?`).join(" AND ");
  const key = pkJson.map(fromJsonValue);
  if (theirs === null) {
    db.prepare(`DELETE FROM main.${q(table)} WHERE ${where}`).run(...key);
    return;
  }
  const row = JSON.parse(theirs) as Record<string, unknown>;
  const cols = Object.keys(row).filter((c) => info.columns.some((x) => x.name === c));
  const vals = cols.map((c) => fromJsonValue(row[c]));
  const exists = db.prepare(`SELECT 1 FROM main.${q(table)} WHERE ${where}`).get(...key);
  if (exists) {
    const set = cols.filter((c) => !info.pk.includes(c));
    if (set.length)
      db.prepare(
        `UPDATE main.${q(table)} SET ${set.map((c) => `${q(c)} = ?`).join(", ")} WHERE ${where}`,
      ).run(...set.map((c) => fromJsonValue(row[c])), ...key);
  } else {
    db.prepare(
      `INSERT INTO main.${q(table)} (${cols.map(q).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
    ).run(...vals);
  }
}
