import type { MergeContext } from "./context.js";
import { rowsFrom } from "./ranges.js";
import type { TableInfo } from "./schema.js";
import { q, type SqlValue } from "./sql.js";

/**
 * How many copies of a row to add (> 0) or remove (< 0) in ours, given each side's change in its
 * count since base: each side's change applies; where both added copies, the larger addition
 * wins, and where both removed copies, the larger removal (the same delivery pulled on both sides
 * stays one copy).
 */
export function multisetStep(dOurs: number, dTheirs: number): number {
  if (dOurs > 0 && dTheirs > 0) return Math.max(0, dTheirs - dOurs);
  if (dOurs < 0 && dTheirs < 0) return Math.min(0, dTheirs - dOurs);
  return dTheirs;
}

/**
 * Merge a table without a primary key as a multiset of whole rows, copies counted (multisetStep),
 * values compared exactly (integers as 64-bit integers).
 */
export function mergeMultiset(
  ctx: MergeContext,
  mi: TableInfo,
  ti: TableInfo,
  bi: TableInfo | null,
  ranges: [bigint, bigint][] | null,
): void {
  if (ranges && !ranges.length) return;
  const { db } = ctx;
  const T = q(mi.name);
  const mainCols = mi.columns.map((c) => c.name);
  const baseCols = new Set(bi ? bi.columns.map((c) => c.name) : []);
  const apply = ti.columns.map((c) => c.name).filter((c) => mainCols.includes(c));
  if (!apply.length) return;
  const cols = apply.map(q).join(", ");
  const baseSel = apply.map((c) => (baseCols.has(c) ? `b.${q(c)}` : "NULL")).join(", ");
  // Theirs' change in each row's count since base (only rows whose count changed).
  const delta = ctx.reader
    .prepare(
      `SELECT ${cols}, sum(mlbranch_n) FROM (SELECT ${apply.map((c) => `t.${q(c)}`).join(", ")}, 1 AS mlbranch_n FROM ${rowsFrom(ctx.reader, "theirs", mi.name, "t", ranges)}` +
        (bi
          ? ` UNION ALL SELECT ${baseSel}, -1 FROM ${rowsFrom(ctx.reader, "base", mi.name, "b", ranges)}`
          : "") +
        `) GROUP BY ${cols} HAVING sum(mlbranch_n) <> 0`,
    )
    .raw(true)
    .safeIntegers(true)
    .iterate() as IterableIterator<SqlValue[]>;
  db.prepare(`CREATE TEMP TABLE mlbranch_delta (${cols}, mlbranch_dt, mlbranch_do)`).run();
  try {
    const add = db.prepare(
      `INSERT INTO temp.mlbranch_delta VALUES (${[...apply, "dt"].map(() => "?").join(", ")}, 0)`,
    );
    let any = false;
    for (const row of delta) {
      add.run(...row);
      any = true;
    }
    if (!any) return;
    db.prepare(`CREATE INDEX temp.mlbranch_delta_i ON mlbranch_delta (${cols})`).run();
    // Ours' change in the count of those rows since base: one pass over each table.
    const match = (as: string, has: (c: string) => boolean) =>
      apply.map((c) => `${has(c) ? `${as}.${q(c)}` : "NULL"} IS g.${q(c)}`).join(" AND ");
    const count = (schema: string, has: (c: string) => boolean, sign: string) =>
      `UPDATE temp.mlbranch_delta AS u SET mlbranch_do = mlbranch_do ${sign} c.n FROM (SELECT g.rowid AS id, count(*) AS n FROM ${schema}.${T} AS x JOIN temp.mlbranch_delta AS g ON ${match("x", has)} GROUP BY g.rowid) AS c WHERE u.rowid = c.id`;
    db.prepare(count("main", () => true, "+")).run();
    if (bi) db.prepare(count("base", (c) => baseCols.has(c), "-")).run();
    const steps = db
      .prepare(`SELECT ${cols}, mlbranch_dt, mlbranch_do FROM temp.mlbranch_delta`)
      .raw(true)
      .safeIntegers(true)
      .all() as SqlValue[][];
    const insert = db.prepare(
      `INSERT INTO main.${T} (${cols}) VALUES (${apply.map(() => "?").join(", ")})`,
    );
    const removals: SqlValue[][] = [];
    for (const row of steps) {
      const dOurs = Number(row.pop());
      const dTheirs = Number(row.pop());
      const n = multisetStep(dOurs, dTheirs);
      if (n > 0) {
        for (let i = 0; i < n; i++) insert.run(...row);
        ctx.stats.inserted += n;
      } else if (n < 0) removals.push([...row, BigInt(-n)]);
    }
    if (removals.length) removeCopies(ctx, T, apply, removals);
  } finally {
    db.prepare("DROP TABLE temp.mlbranch_delta").run();
  }
}

/** Remove up to n copies of each row (values then n) from ours, in one pass. */
function removeCopies(ctx: MergeContext, T: string, apply: string[], removals: SqlValue[][]): void {
  const { db } = ctx;
  const cols = apply.map(q).join(", ");
  db.prepare(`CREATE TEMP TABLE mlbranch_gone (${cols}, mlbranch_n)`).run();
  try {
    const add = db.prepare(
      `INSERT INTO temp.mlbranch_gone VALUES (${[...apply, "n"].map(() => "?").join(", ")})`,
    );
    for (const r of removals) add.run(...r);
    db.prepare(`CREATE INDEX temp.mlbranch_gone_i ON mlbranch_gone (${cols})`).run();
    const r = db
      .prepare(
        `DELETE FROM main.${T} WHERE rowid IN (SELECT rid FROM (SELECT m.rowid AS rid, g.mlbranch_n AS mlbranch_n, ` +
          `row_number() OVER (PARTITION BY g.rowid) AS k FROM main.${T} AS m JOIN temp.mlbranch_gone AS g ON ` +
          `${apply.map((c) => `m.${q(c)} IS g.${q(c)}`).join(" AND ")}) WHERE k <= mlbranch_n)`,
      )
      .run();
    ctx.stats.deleted += r.changes;
  } finally {
    db.prepare("DROP TABLE temp.mlbranch_gone").run();
  }
}
