import type { SqlDb } from "./engine.js";
import { readSchema, type TableInfo, tableInfo } from "./schema.js";
import { q } from "./sql.js";

/** A column one side renamed since base (ALTER TABLE ... RENAME COLUMN). */
export interface Rename {
  table: string;
  /** "main" is ours. */
  side: "main" | "theirs";
  from: string;
  to: string;
}

const decl = (t: TableInfo, i: number) => {
  const c = t.columns[i];
  return JSON.stringify([c.type.toUpperCase(), c.notnull, c.dflt, c.pk]);
};

/**
 * Columns renamed on ours or theirs since base. SQLite keeps no column identity, so a rename is
 * read from its traces: base's column is gone, the side has a new name at the same position with
 * the same declaration, and the rows hold the same values there (at least half of the rows with a
 * value, so a column dropped and another added in its place is not taken for a rename).
 */
export function findRenames(db: SqlDb): Rename[] {
  const out: Rename[] = [];
  const base = readSchema(db, "base");
  const sides = { main: readSchema(db, "main"), theirs: readSchema(db, "theirs") };
  for (const [name, o] of base) {
    if (o.type !== "table" || /^\s*CREATE\s+VIRTUAL/i.test(o.sql ?? "")) continue;
    const bi = tableInfo(db, "base", name);
    for (const side of ["main", "theirs"] as const) {
      if (sides[side].get(name)?.type !== "table") continue;
      const si = tableInfo(db, side, name);
      const sideNames = new Set(si.columns.map((c) => c.name));
      const baseNames = new Set(bi.columns.map((c) => c.name));
      const n = Math.min(bi.columns.length, si.columns.length);
      for (let i = 0; i < n; i++) {
        const [from, to] = [bi.columns[i].name, si.columns[i].name];
        if (sideNames.has(from) || baseNames.has(to) || decl(bi, i) !== decl(si, i)) continue;
        const last = i === si.columns.length - 1;
        if (valuesFollow(db, side, bi, si, from, to, last))
          out.push({ table: name, side, from, to });
      }
    }
  }
  return out;
}

function valuesFollow(
  db: SqlDb,
  side: string,
  bi: TableInfo,
  si: TableInfo,
  from: string,
  to: string,
  last: boolean,
): boolean {
  const T = q(bi.name);
  // Rows are paired by rowid, or by key in a WITHOUT ROWID table (its key columns by position).
  const on =
    bi.withoutRowid || si.withoutRowid
      ? bi.pk.length && bi.pk.length === si.pk.length
        ? bi.pk.map((c, i) => `b.${q(c)} IS s.${q(si.pk[i])}`).join(" AND ")
        : null
      : "b.rowid = s.rowid";
  if (!on) return true;
  const [f, t] = [`b.${q(from)}`, `s.${q(to)}`];
  const r = db
    .prepare(
      `SELECT count(*) AS rows, coalesce(sum(${f} IS NOT NULL OR ${t} IS NOT NULL), 0) AS n, coalesce(sum(${f} IS NOT NULL AND ${f} IS ${t}), 0) AS same FROM base.${T} AS b JOIN ${q(side)}.${T} AS s ON ${on}`,
    )
    .get() as { rows: number; n: number; same: number };
  // No rows in common: position and declaration decide. Only NULLs on both sides: a column in
  // the middle is a rename (ADD COLUMN only appends); the last one may be a NULL column dropped
  // and a new one added, and taking it for a drop (a conflict against edits) is the safe reading.
  if (r.rows === 0) return true;
  if (r.n === 0) return !last;
  return r.same * 2 >= r.n;
}
