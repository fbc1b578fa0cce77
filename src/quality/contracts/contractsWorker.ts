// Worker entry: check the second part of a large CSV/TSV file against its Table Schema, beside
// the main thread checking the first part (parallelValidate.ts). The result is posted on `port`,
// then `done` is set, so the main thread can wait for it without returning to its event loop.
import { type MessagePort, workerData } from "node:worker_threads";
import { type KeySlots, slotBuffers } from "./keyChecks.js";
import { countLines, readPlainRange } from "./plainRange.js";
import { refKeys, type TableText } from "./refKeys.js";
import { RowReader } from "./rowReader.js";
import { compileTableSchema } from "./schema.js";
import { TableValidator } from "./tableValidator.js";
import type { TableFormat } from "./types.js";

/** What the main thread gives the worker. */
export interface PartJob {
  schemaSource: string;
  schemaPath: string;
  format: TableFormat;
  file: string;
  header: string;
  from: number;
  to: number;
  refs: Record<string, TableText | null>;
  maxErrors: number;
  expectedRows: number;
  port: MessagePort;
  done: Int32Array;
}

function run(job: PartJob): object {
  const schema = compileTableSchema(job.schemaSource, job.schemaPath);
  if (!("fields" in schema)) return { fallback: true };
  // Without quotes every line end ends a row: the first part's rows are its line ends, so this
  // part's rows (and the rows its messages name) get their numbers in the whole file.
  const firstRow = countLines(job.file, 0, job.from) + 1;
  const v = new TableValidator(schema, {
    format: job.format,
    firstRow,
    maxErrors: job.maxErrors,
    expectedRows: job.expectedRows,
    refs: (fk) => refKeys(schema, fk, job.refs[fk.resource] ?? null),
  });
  const reader = new RowReader(job.format, v);
  reader.push(job.header);
  const headerTotal = v.total;
  if (!readPlainRange(job.file, job.from, job.to, reader)) return { fallback: true };
  const errors = v.finish();
  return { errors, total: v.total, headerTotal, firstRow, slots: v.keySlots() };
}

const job = workerData as PartJob;
let result: object;
let transfer: ArrayBuffer[] = [];
try {
  result = run(job);
  const slots = (result as { slots?: KeySlots }).slots;
  if (slots) transfer = slotBuffers(slots);
} catch (e) {
  result = { fallback: true, message: (e as Error).message };
}
// The key tables move to the main thread (transferred, not copied).
job.port.postMessage(result, transfer);
Atomics.store(job.done, 0, 1);
Atomics.notify(job.done, 0);
