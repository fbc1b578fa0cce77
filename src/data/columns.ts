import { InputError } from "../errors.js";
import { TableBuilder } from "./builder.js";
import { parseCsvLine, splitLines } from "./csv.js";
import { decode, readText } from "./decode.js";
import type { DataFormat } from "./format.js";
import { jsonlColumns, jsonlFileColumns } from "./jsonlColumns.js";

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

function numeric(s: string): number {
  const c = s.charCodeAt(0);
  // Only strings that start like a number: "0x1f", " 3" or "Infinity" stay categories.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return Number.NaN;
  const v = +s;
  return Number.isFinite(v) ? v : Number.NaN;
}

/** A JSONL or CSV file's columns (JSONL is read in chunks, not whole). */
export function fileColumns(
  file: string,
  format: DataFormat,
  source: string,
  only?: Set<string>,
): Columns {
  if (format === "jsonl") return jsonlFileColumns(file, source, only);
  return toColumns(readText(file), format, source, only);
}

/** Read JSONL or CSV (text, or UTF-8 bytes) into columns; `only` limits which fields are kept. */
export function toColumns(
  input: string | Uint8Array,
  format: DataFormat,
  source: string,
  only?: Set<string>,
): Columns {
  if (format === "jsonl") return jsonlColumns(input, source, only);
  const text = typeof input === "string" ? input : decode(input);
  const lines = splitLines(text);
  const sep = format === "tsv" ? "\t" : ",";
  if (!lines.length) return { rows: 0, names: [], cols: new Map() };
  const header = parseCsvLine(lines[0].replace(/^\uFEFF/, ""), sep);
  const t = new TableBuilder(lines.length - 1, only);
  const bs = header.map((h) => t.get(h));
  let rows = 0;
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
  return t.done(rows);
}
