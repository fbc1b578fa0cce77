import type { Column, SchemaObject, TableInfo } from "./schema.js";

/** Whitespace-insensitive form of an object's SQL, so reformatting alone is not a change. */
export function normSql(o: SchemaObject | undefined): string | null {
  return o ? `${o.type}:${(o.sql ?? "").replace(/\s+/g, " ").trim()}` : null;
}

/** True when two columns are declared the same way. */
export function sameColumn(a: Column, b: Column): boolean {
  return (
    a.name === b.name &&
    a.type.toUpperCase() === b.type.toUpperCase() &&
    a.notnull === b.notnull &&
    a.dflt === b.dflt &&
    a.pk === b.pk
  );
}

/** Columns appended to `base` in `side`, or null when side is not base plus appended columns. */
export function appendedColumns(base: TableInfo, side: TableInfo): Column[] | null {
  if (side.columns.length < base.columns.length) return null;
  for (let i = 0; i < base.columns.length; i++)
    if (!sameColumn(base.columns[i], side.columns[i])) return null;
  return side.columns.slice(base.columns.length);
}

/**
 * How `side` changed base's columns when it only dropped some and appended others (ALTER TABLE
 * DROP / ADD COLUMN), or null for any other change (a type, an order, a new key).
 */
export function columnChanges(
  base: TableInfo,
  side: TableInfo,
): { dropped: string[]; added: Column[] } | null {
  const names = new Set(side.columns.map((c) => c.name));
  const kept = base.columns.filter((c) => names.has(c.name));
  for (let i = 0; i < kept.length; i++)
    if (!side.columns[i] || !sameColumn(kept[i], side.columns[i])) return null;
  const baseNames = new Set(base.columns.map((c) => c.name));
  const added = side.columns.slice(kept.length);
  if (added.some((c) => baseNames.has(c.name))) return null;
  return { dropped: base.columns.filter((c) => !names.has(c.name)).map((c) => c.name), added };
}

/** Say in one line how two versions of a table differ (for conflict messages). */
export function describeTableDiff(ours: TableInfo, theirs: TableInfo): string {
  const parts: string[] = [];
  const on = new Map(ours.columns.map((c) => [c.name, c]));
  const tn = new Map(theirs.columns.map((c) => [c.name, c]));
  const onlyO = ours.columns.filter((c) => !tn.has(c.name)).map((c) => c.name);
  const onlyT = theirs.columns.filter((c) => !on.has(c.name)).map((c) => c.name);
  const changed = ours.columns
    .filter((c) => tn.has(c.name) && !sameColumn(c, tn.get(c.name)!))
    .map((c) => {
      const t = tn.get(c.name)!;
      return `${c.name} (ours ${c.type || "untyped"}${c.notnull ? " NOT NULL" : ""}, theirs ${t.type || "untyped"}${t.notnull ? " NOT NULL" : ""})`;
    });
  if (onlyO.length) parts.push(`columns only in ours: ${onlyO.join(", ")}`);
  if (onlyT.length) parts.push(`columns only in theirs: ${onlyT.join(", ")}`);
  if (changed.length) parts.push(`columns declared differently: ${changed.join(", ")}`);
  if (ours.pk.join(",") !== theirs.pk.join(","))
    parts.push(`primary key ours (${ours.pk.join(", ")}) vs theirs (${theirs.pk.join(", ")})`);
  return parts.length
    ? parts.join("; ")
    : "the CREATE TABLE statements differ (constraints or options)";
}
