import { closeSync, openSync, readSync, statSync } from "node:fs";
import { parallelWanted, validateInParallel } from "./parallelValidate.js";
import { readInto, refKeys, type TableText } from "./refKeys.js";
import { RowReader } from "./rowReader.js";
import type { TableCheck } from "./tableCheck.js";
import { TableValidator } from "./tableValidator.js";
import type { ContractError } from "./types.js";

export type { TableCheck } from "./tableCheck.js";

// Rows a table holds, guessed from the lines in its first 64 KiB and its size.
function expectedRows(data: TableText): number {
  let size: number;
  let sample: string;
  if ("text" in data) {
    size = data.text.length;
    sample = data.text.slice(0, 1 << 16);
  } else {
    size = statSync(data.file).size;
    const buf = Buffer.alloc(Math.min(size, 1 << 16));
    const fd = openSync(data.file, "r");
    try {
      readSync(fd, buf, 0, buf.length, 0);
    } finally {
      closeSync(fd);
    }
    sample = buf.toString("latin1");
  }
  let lines = 0;
  for (let i = sample.indexOf("\n"); i !== -1; i = sample.indexOf("\n", i + 1)) lines++;
  return Math.ceil((size / Math.max(sample.length, 1)) * Math.max(lines, 1));
}

/** Every error of a table against its schema (at most maxErrors kept), and their count. */
export function validateTable(c: TableCheck): { errors: ContractError[]; total: number } {
  const rows = expectedRows(c.data);
  const both = parallelWanted() ? validateInParallel(c, rows, c.parallelFrom) : null;
  if (both) return both;
  const v = new TableValidator(c.schema, {
    format: c.format,
    maxErrors: c.maxErrors,
    expectedRows: rows,
    refs: (fk) => refKeys(c.schema, fk, c.readRef(fk.resource)),
  });
  const reader = new RowReader(c.format, v);
  if (c.oldLength && "text" in c.data) {
    const { text } = c.data;
    // The old part ends at a line end: its rows all pass through while quiet.
    v.quiet = true;
    reader.push(text.slice(0, c.oldLength));
    v.quiet = false;
    reader.push(text.slice(c.oldLength));
    reader.end();
  } else readInto(c.data, reader);
  const errors = v.finish();
  return { errors, total: v.total };
}
