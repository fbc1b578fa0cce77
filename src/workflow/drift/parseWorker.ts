// Worker entry: parse one table into columns, or compare some features, off the main thread.
import { parentPort } from "node:worker_threads";
import type { Columns } from "../../data/columns.js";
import type { DataFormat } from "../../data/format.js";
import { type DriftOptions, featureRows } from "./driftReport.js";
import { tableColumns } from "./tableColumns.js";

type Job =
  | {
      op: "parse";
      file?: string;
      bytes?: Uint8Array;
      format: DataFormat;
      source: string;
      only?: string[];
    }
  | { op: "drift"; ref: Columns; cur: Columns; features: string[]; options: DriftOptions };

parentPort?.on("message", (m: Job) => {
  try {
    if (m.op === "drift") {
      parentPort?.postMessage({ ok: true, rows: featureRows(m.ref, m.cur, m.features, m.options) });
      return;
    }
    // Files are read here, so both tables are read in parallel and never copied between threads.
    const bytes = m.bytes
      ? Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength)
      : undefined;
    const table = { file: m.file, bytes, format: m.format, source: m.source, size: 0 };
    const cols = tableColumns(table, m.only ? new Set(m.only) : undefined);
    const transfer = [...cols.cols.values()].map((c) =>
      c.kind === "num" ? c.values.buffer : c.codes.buffer,
    );
    parentPort?.postMessage({ ok: true, cols }, transfer as ArrayBuffer[]);
  } catch (e) {
    parentPort?.postMessage({ ok: false, message: (e as Error).message });
  }
});
