import type { SqlDb } from "./engine.js";
import type { SchemaPlan } from "./planSchema.js";
import { readSchema, type SchemaObject, tableInfo } from "./schema.js";
import { q } from "./sql.js";

const CREATE = /^\s*CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|VIEW|TRIGGER)\s/i;

/** Run one CREATE statement taken from a database's schema: one statement, nothing else. */
function create(db: SqlDb, o: SchemaObject): void {
  createFromSchema(db, o.name, o.sql);
}

/** Run a CREATE statement read from a schema (or a conflict row): a CREATE and nothing else. */
export function createFromSchema(db: SqlDb, name: string, sql: string | null): void {
  if (!sql || !CREATE.test(sql)) throw new Error(`unexpected schema SQL for ${name}`);
  db.prepare(sql).run();
}

function columnDef(c: {
  name: string;
  type: string;
  notnull: boolean;
  dflt: string | null;
}): string {
  return [
    q(c.name),
    c.type,
    c.notnull ? "NOT NULL" : "",
    c.dflt !== null ? `DEFAULT ${c.dflt}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * Before rows move: drop every trigger of ours (re-created afterwards, so none fires during the
 * merge), create theirs' new tables, add theirs' new columns and copy their values.
 * Returns the tables created here (their rows are all new).
 */
export function applySchemaBefore(
  db: SqlDb,
  plan: SchemaPlan,
  onFail: (name: string, reason: string) => void,
): Set<string> {
  for (const o of readSchema(db, "main").values())
    if (o.type === "trigger") db.prepare(`DROP TRIGGER main.${q(o.name)}`).run();
  const created = new Set<string>();
  for (const t of plan.createTables) {
    try {
      create(db, t);
      created.add(t.name);
    } catch (e) {
      onFail(t.name, `could not create table ${t.name} from theirs: ${(e as Error).message}`);
    }
  }
  for (const t of plan.rebuildTables) rebuild(db, t, onFail);
  for (const { table, column } of plan.dropColumns) {
    try {
      db.prepare(`ALTER TABLE main.${q(table)} DROP COLUMN ${q(column)}`).run();
    } catch (e) {
      onFail(
        table,
        `could not drop column ${column} of ${table} as theirs did: ${(e as Error).message}`,
      );
    }
  }
  const byTable = new Map<string, string[]>();
  for (const { table, column } of plan.addColumns) {
    try {
      db.prepare(`ALTER TABLE main.${q(table)} ADD COLUMN ${columnDef(column)}`).run();
      byTable.set(table, [...(byTable.get(table) ?? []), column.name]);
    } catch (e) {
      onFail(
        table,
        `could not add theirs' column ${column.name} to ${table}: ${(e as Error).message}`,
      );
    }
  }
  // Theirs may have filled its new columns for existing rows: copy those values by key.
  for (const [table, cols] of byTable) {
    const pk = tableInfo(db, "main", table).pk;
    if (!pk.length) continue;
    db.prepare(
      `UPDATE main.${q(table)} AS m SET ${cols.map((c) => `${q(c)} = t.${q(c)}`).join(", ")} FROM theirs.${q(table)} AS t WHERE ${pk.map((c) => `t.${q(c)} IS m.${q(c)}`).join(" AND ")}`,
    ).run();
  }
  return created;
}

/** After rows moved: theirs' index and view changes, then the result's triggers. */
export function applySchemaAfter(
  db: SqlDb,
  plan: SchemaPlan,
  onFail: (name: string, reason: string) => void,
): void {
  for (const o of plan.dropOthers)
    db.prepare(`DROP ${o.type === "view" ? "VIEW" : "INDEX"} IF EXISTS main.${q(o.name)}`).run();
  for (const t of plan.dropTables) db.prepare(`DROP TABLE IF EXISTS main.${q(t)}`).run();
  const ordered = [...plan.createOthers, ...plan.triggers].sort((a, b) => rank(a) - rank(b));
  for (const o of ordered) {
    try {
      create(db, o);
    } catch (e) {
      onFail(o.name, `could not create ${o.type} ${o.name}: ${(e as Error).message}`);
    }
  }
}

function rank(o: SchemaObject): number {
  return o.type === "index" ? 0 : o.type === "view" ? 1 : 2;
}

/**
 * Give ours' table theirs' definition (a change only theirs made): rename ours' away, create
 * theirs', copy ours' rows on the common columns, re-create ours' indexes. On failure ours' table
 * is put back and the change is a conflict.
 */
function rebuild(db: SqlDb, t: SchemaObject, onFail: (name: string, reason: string) => void): void {
  const old = `mlbranch_old_${t.name}`;
  const indexes = [...readSchema(db, "main").values()].filter(
    (o) => o.type === "index" && o.sql && o.tblName.toLowerCase() === t.name.toLowerCase(),
  );
  const cols = tableInfo(db, "main", t.name).columns.map((c) => c.name);
  // Legacy renames leave views and other tables' references alone: they must keep naming the table.
  db.pragma("legacy_alter_table = ON");
  db.prepare("SAVEPOINT mlbranch_rebuild").run();
  try {
    db.prepare(`ALTER TABLE main.${q(t.name)} RENAME TO ${q(old)}`).run();
    create(db, t);
    const now = new Set(tableInfo(db, "main", t.name).columns.map((c) => c.name));
    const common = cols
      .filter((c) => now.has(c))
      .map(q)
      .join(", ");
    db.prepare(
      `INSERT INTO main.${q(t.name)} (${common}) SELECT ${common} FROM main.${q(old)}`,
    ).run();
    db.prepare(`DROP TABLE main.${q(old)}`).run();
    for (const i of indexes) create(db, i);
    db.prepare("RELEASE mlbranch_rebuild").run();
  } catch (e) {
    db.prepare("ROLLBACK TO mlbranch_rebuild").run();
    db.prepare("RELEASE mlbranch_rebuild").run();
    onFail(
      t.name,
      `table ${t.name} changed on theirs, but ours' rows do not fit theirs' definition (${(e as Error).message}); ours' definition is kept`,
    );
  } finally {
    db.pragma("legacy_alter_table = OFF");
  }
}
