import { type Columns, fileColumns, toColumns } from "../../data/columns.js";
import type { DataFormat } from "../../data/format.js";

/** A table to read: a file (read by whoever parses it) or bytes from git. */
export interface TableBytes {
  file?: string;
  bytes?: Buffer;
  size: number;
  format: DataFormat;
  source: string;
}

/** The table's columns; `only` limits which are kept. */
export function tableColumns(t: TableBytes, only?: Set<string>): Columns {
  return t.file
    ? fileColumns(t.file, t.format, t.source, only)
    : toColumns(t.bytes as Buffer, t.format, t.source, only);
}
