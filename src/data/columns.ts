import { type ScannerFor, scanBytes, scanFile } from "./chunks.js";
import { csvScanner } from "./csvColumns.js";
import type { DataFormat } from "./format.js";
import { jsonlScanner } from "./jsonlColumns.js";

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

/** The scanner that reads a table of this format. */
export function scannerFor(format: DataFormat, source: string, only?: Set<string>): ScannerFor {
  return format === "jsonl"
    ? jsonlScanner(source, only)
    : csvScanner(source, format === "tsv", only);
}

/** A JSONL or CSV file's columns, read in chunks (never the whole file at once). */
export function fileColumns(
  file: string,
  format: DataFormat,
  source: string,
  only?: Set<string>,
): Columns {
  return scanFile(file, scannerFor(format, source, only));
}

/** Read JSONL or CSV (text, or UTF-8 bytes) into columns; `only` limits which fields are kept. */
export function toColumns(
  input: string | Uint8Array,
  format: DataFormat,
  source: string,
  only?: Set<string>,
): Columns {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  return scanBytes(bytes, scannerFor(format, source, only));
}
