import type { Column, Columns } from "./columnTypes.js";

/** The given rows of a table, as a new table (the categorical dictionaries are shared). */
export function subsetColumns(t: Columns, rows: number[]): Columns {
  const cols = new Map<string, Column>();
  for (const [name, c] of t.cols) {
    if (c.kind === "num") {
      const v = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) v[i] = c.values[rows[i]];
      cols.set(name, { kind: "num", values: v });
    } else {
      const k = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) k[i] = c.codes[rows[i]];
      cols.set(name, { kind: "cat", codes: k, dict: c.dict });
    }
  }
  return { rows: rows.length, names: t.names, cols };
}

/** Row numbers grouped by a column's value as text; rows without a value go under null. */
export function groupRows(t: Columns, name: string): Map<string | null, number[]> {
  const out = new Map<string | null, number[]>();
  const c = t.cols.get(name);
  for (let i = 0; i < t.rows; i++) {
    let v: string | null = null;
    if (c?.kind === "num" && !Number.isNaN(c.values[i])) v = String(c.values[i]);
    else if (c?.kind === "cat" && c.codes[i] >= 0) v = c.dict[c.codes[i]];
    let g = out.get(v);
    if (!g) {
      g = [];
      out.set(v, g);
    }
    g.push(i);
  }
  return out;
}
