import type { MergeContext } from "./context.js";
import { rowsFrom } from "./ranges.js";
import type { TableInfo } from "./schema.js";
import { q, type SqlValue } from "./sql.js";

/**
 * Merge a table without a primary key as a multiset of whole rows: each distinct row ends with
 * ours' count plus theirs' change in count since base (never below zero).
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
  const delta = ctx.reader
    .prepare(
      `SELECT ${cols}, sum(n) FROM (SELECT ${apply.map((c) => `t.${q(c)}`).join(", ")}, 1 AS n FROM ${rowsFrom(ctx.reader, "theirs", mi.name, "t", ranges)}` +
        (bi
          ? ` UNION ALL SELECT ${baseSel}, -1 FROM ${rowsFrom(ctx.reader, "base", mi.name, "b", ranges)}`
          : "") +
        `) GROUP BY ${cols} HAVING sum(n) <> 0`,
    )
    .raw(true)
    .safeIntegers(true)
    .iterate() as IterableIterator<SqlValue[]>;
  const insert = db.prepare(
    `INSERT INTO main.${T} (${cols}) VALUES (${apply.map(() => "?").join(", ")})`,
  );
  const removals: SqlValue[][] = [];
  for (const row of delta) {
    const n = Number(row.pop());
    if (n > 0) {
      for (let i = 0; i < n; i++) insert.run(...row);
      ctx.stats.inserted += n;
    } else removals.push([...row, BigInt(-n)]);
  }
  if (!removals.length) return;
  // One pass over ours: remove up to n copies of each row theirs removed.
  const match = apply.filter((c) => baseCols.has(c));
  db.prepare(`CREATE TEMP TABLE mlbranch_gone (${cols}, n)`).run();
  try {
    const add = db.prepare(
      `INSERT INTO temp.mlbranch_gone VALUES (${[...apply, "n"].map(() => "?").join(", ")})`,
    );
    for (const r of removals) add.run(...r);
    db.prepare(
      `CREATE INDEX temp.mlbranch_gone_i ON mlbranch_gone (${match.map(q).join(", ")})`,
    ).run();
    const r = db
      .prepare(
        `DELETE FROM main.${T} WHERE rowid IN (SELECT rid FROM (SELECT m.rowid AS rid, g.n AS n, ` +
          `row_number() OVER (PARTITION BY g.rowid) AS k FROM main.${T} AS m JOIN temp.mlbranch_gone AS g ON ` +
          `${match.map((c) => `m.${q(c)} IS g.${q(c)}`).join(" AND ")}) WHERE k <= n)`,
      )
      .run();
    ctx.stats.deleted += r.changes;
  } finally {
    db.prepare("DROP TABLE temp.mlbranch_gone").run();
  }
}
