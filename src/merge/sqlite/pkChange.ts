import { createFromSchema } from "./applySchema.js";
import type { SqlDb } from "./engine.js";
import { readSchema, THEIRS_TABLE_PREFIX, tableInfo } from "./schema.js";
import { q } from "./sql.js";

/** True when two schemas hold the same rows of a table (on their common columns, copies counted). */
export function sameRows(db: SqlDb, a: string, b: string, table: string): boolean {
  const bc = new Set(tableInfo(db, b, table).columns.map((c) => c.name));
  const cols = tableInfo(db, a, table)
    .columns.filter((c) => bc.has(c.name))
    .map((c) => q(c.name))
    .join(", ");
  if (!cols) return true;
  const T = q(table);
  const [x, y] = [`${q(a)}.${T}`, `${q(b)}.${T}`];
  return !!db
    .prepare(
      `SELECT (SELECT count(*) FROM ${x}) = (SELECT count(*) FROM ${y}) AND NOT EXISTS (SELECT ${cols} FROM ${x} EXCEPT SELECT ${cols} FROM ${y}) AND NOT EXISTS (SELECT ${cols} FROM ${y} EXCEPT SELECT ${cols} FROM ${x})`,
    )
    .pluck()
    .get();
}

/** Keep theirs' rows of a table in the result as mlbranch_theirs_<table>, for `resolve --theirs`. */
export function stashTheirs(db: SqlDb, table: string): void {
  const cols = tableInfo(db, "theirs", table)
    .columns.map((c) => q(c.name))
    .join(", ");
  const S = q(THEIRS_TABLE_PREFIX + table);
  db.prepare(`DROP TABLE IF EXISTS main.${S}`).run();
  db.prepare(`CREATE TABLE main.${S} AS SELECT ${cols} FROM theirs.${q(table)}`).run();
}

/**
 * Give the result theirs' table: drop ours', create theirs' definition, copy the rows from
 * schema.name, then re-create the given indexes where they still apply.
 */
export function replaceTable(
  db: SqlDb,
  table: string,
  createSql: string,
  [schema, name]: [string, string],
  indexes: string[],
): void {
  db.prepare(`DROP TABLE main.${q(table)}`).run();
  createFromSchema(db, table, createSql);
  const have = new Set(tableInfo(db, "main", table).columns.map((c) => c.name));
  const cols = tableInfo(db, schema, name)
    .columns.filter((c) => have.has(c.name))
    .map((c) => q(c.name))
    .join(", ");
  db.prepare(
    `INSERT INTO main.${q(table)} (${cols}) SELECT ${cols} FROM ${q(schema)}.${q(name)}`,
  ).run();
  for (const sql of indexes) {
    try {
      db.prepare(sql).run();
    } catch {
      // an index that no longer fits theirs' table is left out
    }
  }
}

/** The CREATE INDEX statements of a table in a schema. */
export function indexesOf(db: SqlDb, schema: string, table: string): string[] {
  return [...readSchema(db, schema).values()]
    .filter((o) => o.type === "index" && o.sql && o.tblName.toLowerCase() === table.toLowerCase())
    .map((o) => o.sql as string);
}
