import type { DataFormat } from "../../data/format.js";
import { type ScannerFor, scanBytes, scanFile } from "./chunks.js";
import type { Columns } from "./columnTypes.js";
import { csvScanner } from "./csvColumns.js";
import { jsonlScanner } from "./jsonlColumns.js";

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
