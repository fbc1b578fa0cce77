import { expect } from "vitest";
import type { Columns } from "../../src/records/columns/columnTypes.js";

/** Expect two tables to be the same: rows, names, kinds, numbers bit for bit (-0 and NaN too). */
export function sameColumns(a: Columns, b: Columns): void {
  expect(a.rows).toBe(b.rows);
  expect(a.names).toEqual(b.names);
  for (const n of a.names) {
    const x = a.cols.get(n);
    const y = b.cols.get(n);
    expect(x?.kind).toBe(y?.kind);
    if (x?.kind === "num" && y?.kind === "num")
      for (let i = 0; i < x.values.length; i++)
        expect(Object.is(x.values[i], y.values[i])).toBe(true);
    else expect(x).toEqual(y);
  }
}
