import { existsSync } from "node:fs";
import { InputError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";
import type { SqlDb } from "./engine.js";
import { readHeader } from "./header.js";
import { openReadOnly } from "./openDatabase.js";
import { q } from "./sql.js";

const ORDER: Record<string, number> = { table: 0, index: 1, view: 2, trigger: 3 };

/** Open a database to read it, never writing next to it (a live WAL database keeps its files). */
export function openForReading(path: string, role = "the database"): SqlDb {
  const h = readHeader(path, role, false);
  try {
    const db = openReadOnly(path, !(h.wal && existsSync(`${path}-wal`)));
    db.prepare("SELECT count(*) FROM sqlite_schema").get();
    return db;
  } catch (e) {
    throw new InputError(sqliteMsg.corrupt(role, path, (e as Error).message));
  }
}

/**
 * A deterministic text dump for `git diff` (textconv): the schema sorted by kind and name, then
 * each table's rows as INSERT statements in primary-key order (whole-row order without a key).
 */
export function dumpDatabase(path: string, write: (text: string) => void): void {
  const db = openForReading(path);
  try {
    const objects = (
      db
        .prepare("SELECT type, name, tbl_name AS tbl, sql FROM sqlite_schema WHERE sql IS NOT NULL")
        .all() as { type: string; name: string; tbl: string; sql: string }[]
    )
      .filter((o) => !o.name.startsWith("sqlite_"))
      .sort((a, b) => (ORDER[a.type] ?? 9) - (ORDER[b.type] ?? 9) || cmp(a.name, b.name));
    for (const o of objects) write(`${o.sql.trim()};\n`);
    for (const t of objects.filter(
      (o) => o.type === "table" && !/^\s*CREATE\s+VIRTUAL/i.test(o.sql),
    )) {
      const cols = db.prepare("SELECT name, pk FROM pragma_table_info(?)").all(t.name) as {
        name: string;
        pk: number;
      }[];
      const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      const order = (pk.length ? pk : cols).map((c) => q(c.name)).join(", ");
      const n = db
        .prepare(`SELECT count(*) FROM ${q(t.name)}`)
        .pluck()
        .get() as number;
      write(`-- ${t.name}: ${n} row${n === 1 ? "" : "s"}\n`);
      const rows = db
        .prepare(
          `SELECT ${cols.map((c) => `quote(${q(c.name)})`).join(", ")} FROM ${q(t.name)} ORDER BY ${order}`,
        )
        .raw(true);
      const head = `INSERT INTO ${q(t.name)} VALUES(`;
      let buf = "";
      for (const r of rows.iterate() as IterableIterator<string[]>) {
        buf += `${head}${r.join(",")});\n`;
        if (buf.length > 1 << 16) {
          write(buf);
          buf = "";
        }
      }
      if (buf) write(buf);
    }
  } finally {
    db.close();
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
