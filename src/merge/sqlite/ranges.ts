import type { SqlDb } from "./engine.js";
import { type BtreeRoots, type ChangedRanges, changedRanges } from "./pageDiff.js";
import { q } from "./sql.js";

/** Root pages of every table and index in base and theirs, by name. */
function roots(db: SqlDb): BtreeRoots[] {
  const read = (s: string) =>
    new Map(
      (
        db
          .prepare(
            `SELECT name, rootpage FROM ${s}.sqlite_schema WHERE type IN ('table', 'index') AND rootpage > 0`,
          )
          .all() as { name: string; rootpage: number }[]
      ).map((r) => [r.name, r.rootpage]),
    );
  const b = read("base");
  const t = read("theirs");
  return [...new Set([...b.keys(), ...t.keys()])].map((name) => ({
    name,
    base: b.get(name) ?? 0,
    theirs: t.get(name) ?? 0,
  }));
}

/** The rowid ranges where base and theirs differ, per table, or null to compare every row. */
export function rangesFor(db: SqlDb, basePath: string, theirsPath: string): ChangedRanges | null {
  return changedRanges(basePath, theirsPath, roots(db));
}

/**
 * The FROM clause that yields a table's rows in `schema` (aliased `as`): only those in the changed
 * ranges when there are ranges, else all of them.
 */
export function rowsFrom(
  db: SqlDb,
  schema: "base" | "theirs",
  table: string,
  as: string,
  ranges: [bigint, bigint][] | null,
): string {
  if (!ranges) return `${schema}.${q(table)} AS ${as}`;
  loadRanges(db, ranges);
  return `temp.mlbranch_ranges AS r CROSS JOIN ${schema}.${q(table)} AS ${as} ON ${as}.rowid BETWEEN r.lo AND r.hi`;
}

// The ranges loaded in each connection's temp table, so each table's are loaded once.
const loaded = new WeakMap<SqlDb, [bigint, bigint][]>();

function loadRanges(db: SqlDb, ranges: [bigint, bigint][]): void {
  if (loaded.get(db) === ranges) return;
  db.prepare("CREATE TEMP TABLE IF NOT EXISTS mlbranch_ranges (lo INTEGER, hi INTEGER)").run();
  db.prepare("DELETE FROM temp.mlbranch_ranges").run();
  const ins = db.prepare("INSERT INTO temp.mlbranch_ranges VALUES (?, ?)");
  for (const [lo, hi] of ranges) ins.run(lo, hi);
  loaded.set(db, ranges);
}
