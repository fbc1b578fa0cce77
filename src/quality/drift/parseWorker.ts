// Worker entry: parse one table into columns, or compare some features, off the main thread.
import { parentPort } from "node:worker_threads";
import type { Columns } from "../../records/columns/columnTypes.js";
import { type DriftOptions, featureRows } from "./driftReport.js";
import { type TableBytes, tableColumnsAsync } from "./tableColumns.js";

type Job =
  | { op: "parse"; table: TableBytes; only?: string[] }
  | { op: "drift"; ref: Columns; cur: Columns; features: string[]; options: DriftOptions };

async function run(m: Job): Promise<void> {
  if (m.op === "drift") {
    parentPort?.postMessage({ ok: true, rows: featureRows(m.ref, m.cur, m.features, m.options) });
    return;
  }
  // Files and git blobs are read here, so both tables are read in parallel, never copied
  // between threads. Bytes arrive as a Uint8Array.
  const t = m.table;
  const bytes = t.bytes && Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  const cols = await tableColumnsAsync({ ...t, bytes }, m.only ? new Set(m.only) : undefined);
  const transfer = [...cols.cols.values()].map((c) =>
    c.kind === "num" ? c.values.buffer : c.codes.buffer,
  );
  parentPort?.postMessage({ ok: true, cols }, transfer as ArrayBuffer[]);
}

parentPort?.on("message", (m: Job) => {
  run(m).catch((e: Error) => parentPort?.postMessage({ ok: false, message: e.message }));
});
