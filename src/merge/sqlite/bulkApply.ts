import type { MergeContext } from "./context.js";
import { rowsFrom } from "./ranges.js";
import type { TableInfo } from "./schema.js";
import { q } from "./sql.js";

/** The column sets of one table's merge (see mergeKeyed). */
export interface KeyedColumns {
  /** theirs' columns that the result has */
  apply: string[];
  /** the columns compared: in theirs, ours and base */
  cmp: string[];
  /** apply without the key */
  setCols: string[];
  /** A column's value in base's row `as` (its default when base lacks the column). */
  baseExpr: (column: string, as?: string) => string;
  /** Columns only ours has, with their defaults: a row ours set them in is ours' change. */
  oursOnly: { name: string; dflt: string | null }[];
}

/**
 * Apply, in three set-based statements, theirs' changes that meet no change of ours: new keys ours
 * does not have, updates and deletes of rows ours left as in base. The row-by-row pass that follows
 * finds those already done and settles the rest. On a constraint error nothing of this is kept.
 */
export function bulkApply(
  ctx: MergeContext,
  mi: TableInfo,
  bi: TableInfo,
  cols: KeyedColumns,
  ranges: [bigint, bigint][] | null,
): void {
  const { db } = ctx;
  const T = q(mi.name);
  const pk = mi.pk;
  const on = (a: string, b: string) => pk.map((c) => `${a}.${q(c)} IS ${b}.${q(c)}`).join(" AND ");
  // a's columns against base row b's
  const same = (a: string, b: string) =>
    cols.cmp.map((c) => `${a}.${q(c)} IS ${cols.baseExpr(c, b)}`).join(" AND ") || "1";
  const newFlag = `b.${bi.withoutRowid ? q(pk[0]) : "rowid"} IS NULL`;
  const theirs = () => rowsFrom(db, "theirs", mi.name, "t", ranges);
  const base = () => rowsFrom(db, "base", mi.name, "b", ranges);
  db.prepare("SAVEPOINT mlbranch_bulk").run();
  try {
    const ins = db
      .prepare(
        `INSERT INTO main.${T} (${cols.apply.map(q).join(", ")}) SELECT ${cols.apply.map((c) => `t.${q(c)}`).join(", ")} ` +
          `FROM ${theirs()} LEFT JOIN base.${T} AS b ON ${on("b", "t")} ` +
          `WHERE ${newFlag} AND NOT EXISTS (SELECT 1 FROM main.${T} AS m WHERE ${on("m", "t")})`,
      )
      .run();
    ctx.stats.inserted += ins.changes;
    if (cols.setCols.length) {
      const sel = [
        ...pk.map((c, i) => `t.${q(c)} AS k${i}`),
        ...cols.setCols.map((c, i) => `t.${q(c)} AS s${i}`),
        ...cols.cmp.map((c, i) => `${cols.baseExpr(c)} AS o${i}`),
      ].join(", ");
      const upd = db
        .prepare(
          `UPDATE main.${T} AS m SET ${cols.setCols.map((c, i) => `${q(c)} = c.s${i}`).join(", ")} ` +
            `FROM (SELECT ${sel} FROM ${theirs()} JOIN base.${T} AS b ON ${on("b", "t")} WHERE NOT (${same("t", "b")})) AS c ` +
            `WHERE ${pk.map((c, i) => `m.${q(c)} IS c.k${i}`).join(" AND ")} AND ${cols.cmp.map((c, i) => `m.${q(c)} IS c.o${i}`).join(" AND ") || "1"}`,
        )
        .run();
      ctx.stats.updated += upd.changes;
    }
    if (!mi.withoutRowid) {
      const del = db
        .prepare(
          `DELETE FROM main.${T} WHERE rowid IN (SELECT m.rowid FROM ${base()} JOIN main.${T} AS m ON ${on("m", "b")} ` +
            `WHERE NOT EXISTS (SELECT 1 FROM theirs.${T} AS t WHERE ${on("t", "b")}) AND ${same("m", "b")}` +
            cols.oursOnly.map((c) => ` AND m.${q(c.name)} IS (${c.dflt ?? "NULL"})`).join("") +
            ")",
        )
        .run();
      ctx.stats.deleted += del.changes;
    }
    db.prepare("RELEASE mlbranch_bulk").run();
  } catch (e) {
    db.prepare("ROLLBACK TO mlbranch_bulk").run();
    db.prepare("RELEASE mlbranch_bulk").run();
    if (!(e as { code?: string }).code?.startsWith("SQLITE_CONSTRAINT")) throw e;
  }
}
