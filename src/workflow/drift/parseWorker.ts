// Worker entry: parse one table's bytes into columns, off the main thread (drift reads two).
import { parentPort } from "node:worker_threads";
import { toColumns } from "../../data/columns.js";
import type { DataFormat } from "../../data/format.js";

parentPort?.on(
  "message",
  (m: { bytes: Uint8Array; format: DataFormat; source: string; only?: string[] }) => {
    try {
      const text = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength).toString(
        "utf8",
      );
      const cols = toColumns(text, m.format, m.source, m.only ? new Set(m.only) : undefined);
      const transfer = [...cols.cols.values()].map((c) =>
        c.kind === "num" ? c.values.buffer : c.codes.buffer,
      );
      parentPort?.postMessage({ ok: true, cols }, transfer as ArrayBuffer[]);
    } catch (e) {
      parentPort?.postMessage({ ok: false, message: (e as Error).message });
    }
  },
);
