import { InputError } from "../errors.js";
import { parseCsvLine, splitLines } from "./csv.js";
import type { DataFormat } from "./format.js";

/** A numeric column: NaN marks a missing value. */
export interface NumCol {
  kind: "num";
  values: Float64Array;
}
/** A categorical column, dictionary-encoded: -1 marks a missing value. */
export interface CatCol {
  kind: "cat";
  codes: Int32Array;
  dict: string[];
}
/** One column of a table. */
export type Column = NumCol | CatCol;
/** A table read column by column (what drift needs: typed arrays, no row objects kept). */
export interface Columns {
  rows: number;
  names: string[];
  cols: Map<string, Column>;
}

/** Grows a column, switching from numeric to categorical the first time a string appears. */
class Builder {
  num: Float64Array | null;
  codes: Int32Array | null = null;
  dict: string[] = [];
  index = new Map<string, number>();
  constructor(rows: number) {
    this.num = new Float64Array(rows).fill(Number.NaN);
  }
  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.index.set(s, c);
    }
    return c;
  }
  toCat(): void {
    const num = this.num as Float64Array;
    const codes = new Int32Array(num.length).fill(-1);
    for (let i = 0; i < num.length; i++)
      if (!Number.isNaN(num[i])) codes[i] = this.code(String(num[i]));
    this.codes = codes;
    this.num = null;
  }
  setNum(row: number, v: number): void {
    if (this.num) this.num[row] = v;
    else (this.codes as Int32Array)[row] = this.code(String(v));
  }
  setStr(row: number, s: string): void {
    if (this.num) this.toCat();
    (this.codes as Int32Array)[row] = this.code(s);
  }
  done(): Column {
    return this.num
      ? { kind: "num", values: this.num }
      : { kind: "cat", codes: this.codes as Int32Array, dict: this.dict };
  }
}

function numeric(s: string): number {
  const c = s.charCodeAt(0);
  // Only strings that start like a number: "0x1f", " 3" or "Infinity" stay categories.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return Number.NaN;
  const v = +s;
  return Number.isFinite(v) ? v : Number.NaN;
}

/** Read JSONL or CSV text into columns; `only` limits which fields are kept. */
export function toColumns(
  text: string,
  format: DataFormat,
  source: string,
  only?: Set<string>,
): Columns {
  const lines = splitLines(text);
  const builders = new Map<string, Builder>();
  const names: string[] = [];
  const get = (name: string, rows: number) => {
    let b = builders.get(name);
    if (!b) {
      b = new Builder(rows);
      builders.set(name, b);
      names.push(name);
    }
    return b;
  };
  let rows = 0;
  if (format === "jsonl") {
    const n = lines.length;
    const prevKeys: string[] = [];
    const prevB: (Builder | null)[] = [];
    for (let i = 0; i < n; i++) {
      const line = lines[i];
      if (!line.trim()) continue;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch (e) {
        throw new InputError(
          `mlbranch: ${source}:${i + 1} is not valid JSON (${(e as Error).message}); each line of a JSONL file must be one JSON object.`,
        );
      }
      if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
        throw new InputError(`mlbranch: ${source}:${i + 1} is not a JSON object.`);
      }
      const o = rec as Record<string, unknown>;
      // Rows nearly always repeat the previous row's key order: reuse its builders by position.
      let j = 0;
      for (const k in o) {
        let b: Builder | null;
        if (prevKeys[j] === k) b = prevB[j];
        else {
          b = only && !only.has(k) ? null : get(k, n);
          prevKeys[j] = k;
          prevB[j] = b;
        }
        j++;
        if (b === null) continue;
        const v = o[k];
        if (typeof v === "number") {
          if (b.num !== null) b.num[rows] = v;
          else b.setNum(rows, v);
        } else if (typeof v === "string") b.setStr(rows, v);
        else if (v !== null && v !== undefined)
          b.setStr(rows, typeof v === "boolean" ? String(v) : JSON.stringify(v));
      }
      rows++;
    }
  } else {
    const sep = format === "tsv" ? "\t" : ",";
    if (!lines.length) return { rows: 0, names: [], cols: new Map() };
    const header = parseCsvLine(lines[0].replace(/^\uFEFF/, ""), sep);
    const n = lines.length - 1;
    const bs = header.map((h) => (only && !only.has(h) ? null : get(h, n)));
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (!line) continue;
      let f: string[];
      try {
        f = parseCsvLine(line, sep);
      } catch (e) {
        throw new InputError(`mlbranch: ${source}:${i + 1}: ${(e as Error).message}.`);
      }
      for (let j = 0; j < bs.length; j++) {
        const b = bs[j];
        const s = f[j];
        if (!b || s === undefined || s === "") continue;
        const v = numeric(s);
        if (!Number.isNaN(v)) b.setNum(rows, v);
        else b.setStr(rows, s);
      }
      rows++;
    }
  }
  const cols = new Map<string, Column>();
  for (const name of names) {
    const c = (builders.get(name) as Builder).done();
    cols.set(name, trim(c, rows));
  }
  return { rows, names, cols };
}

function trim(c: Column, rows: number): Column {
  if (c.kind === "num") return { kind: "num", values: c.values.subarray(0, rows) };
  return { ...c, codes: c.codes.subarray(0, rows) };
}
