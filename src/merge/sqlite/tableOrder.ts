import type { TableInfo } from "./schema.js";

/** Tables ordered so that a table comes after the tables its foreign keys reference. */
export function parentsFirst(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const out: TableInfo[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (t: TableInfo) => {
    const k = t.name.toLowerCase();
    if (state.has(k)) return; // done, or a cycle: keep the order we have
    state.set(k, "visiting");
    for (const fk of t.fks) {
      const p = byName.get(fk.table.toLowerCase());
      if (p && p !== t) visit(p);
    }
    state.set(k, "done");
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return out;
}
