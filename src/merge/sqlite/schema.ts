import type { SqlDb } from "./engine.js";
import { q } from "./sql.js";

/** One entry of sqlite_schema. */
export interface SchemaObject {
  type: "table" | "index" | "view" | "trigger";
  name: string;
  tblName: string;
  sql: string | null;
}

/** A stored (non-generated) column. */
export interface Column {
  name: string;
  type: string;
  notnull: boolean;
  dflt: string | null;
  /** 1-based position in the primary key, 0 when not part of it. */
  pk: number;
}

/** A declared FOREIGN KEY column: from -> table(to); to is null for the parent's primary key. */
export interface ForeignKey {
  from: string;
  table: string;
  to: string | null;
}

/** What the merge needs to know about one table in one database. */
export interface TableInfo {
  name: string;
  columns: Column[];
  pk: string[];
  withoutRowid: boolean;
  virtual: boolean;
  /** A table that holds a virtual table's data (FTS, R*Tree): only its module may write it. */
  shadow: boolean;
  fks: ForeignKey[];
}

/** Prefix of the table that keeps theirs' rows of a table whose primary key changed. */
export const THEIRS_TABLE_PREFIX = "mlbranch_theirs_";

/** The table the merge keeps its conflicts in; never merged as data. */
export const CONFLICTS_TABLE = "mlbranch_conflicts";

/** Objects of a database's schema, skipping SQLite's own and mlbranch's conflicts table. */
export function readSchema(db: SqlDb, schema: string): Map<string, SchemaObject> {
  const rows = db
    .prepare(`SELECT type, name, tbl_name AS tblName, sql FROM ${q(schema)}.sqlite_schema`)
    .all() as SchemaObject[];
  const out = new Map<string, SchemaObject>();
  for (const r of rows) {
    if (
      r.name.startsWith("sqlite_") ||
      r.tblName === CONFLICTS_TABLE ||
      r.tblName.startsWith(THEIRS_TABLE_PREFIX)
    )
      continue;
    out.set(r.name, r);
  }
  return out;
}

/** Columns, primary key, rowid-ness and foreign keys of a table. */
export function tableInfo(db: SqlDb, schema: string, table: string): TableInfo {
  const cols = db
    .prepare('SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?, ?)')
    .all(table, schema) as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
    pk: number;
    hidden: number;
  }[];
  const columns = cols
    .filter((c) => c.hidden === 0)
    .map((c) => ({
      name: c.name,
      type: c.type,
      notnull: !!c.notnull,
      dflt: c.dflt_value,
      pk: c.pk,
    }));
  const pk = columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const list = db
    .prepare("SELECT type, wr FROM pragma_table_list WHERE name = ? AND schema = ?")
    .get(table, schema) as { type: string; wr: number } | undefined;
  const fks = (
    db
      .prepare('SELECT "table", "from", "to" FROM pragma_foreign_key_list(?, ?)')
      .all(table, schema) as {
      table: string;
      from: string;
      to: string | null;
    }[]
  ).map((f) => ({ from: f.from, table: f.table, to: f.to }));
  return {
    name: table,
    columns,
    pk,
    withoutRowid: list?.wr === 1,
    virtual: list?.type === "virtual",
    shadow: list?.type === "shadow",
    fks,
  };
}

/** True when the table's key is one INTEGER column (the rowid): the kind `rekey` renumbers. */
export function isIntegerKey(t: TableInfo): boolean {
  if (t.pk.length !== 1 || t.withoutRowid) return false;
  return t.columns.find((c) => c.name === t.pk[0])?.type.toUpperCase() === "INTEGER";
}
