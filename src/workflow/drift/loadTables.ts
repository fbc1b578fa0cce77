import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type Columns, toColumns } from "../../data/columns.js";
import { type DataFormat, requireFormat } from "../../data/format.js";
import { InputError, UsageError } from "../../errors.js";
import { runGit } from "../../git/execGit.js";
import { lfsContent } from "../../git/lfs.js";

/** A table's bytes and how to read them. */
export interface TableBytes {
  bytes: Buffer;
  format: DataFormat;
  source: string;
}

/** Read `<rev>:<path>` from git (LFS content when it is a pointer) or a plain file. */
export function readTable(cwd: string, spec: string): TableBytes {
  const file = resolve(cwd, spec);
  const colon = spec.indexOf(":");
  if (existsSync(file) || colon <= 0) {
    if (!existsSync(file)) throw new UsageError(`mlbranch: cannot read ${spec}: no such file.`);
    return { bytes: readFileSync(file), format: requireFormat(spec), source: spec };
  }
  const rev = spec.slice(0, colon);
  const path = spec.slice(colon + 1);
  const r = runGit(["cat-file", "blob", `${rev}:${path}`], { cwd, okCodes: [128] });
  if (r.code !== 0) {
    throw new UsageError(
      `mlbranch: cannot read ${spec}: ${r.stderr.trim().split("\n")[0] || "not in git"}. Give <rev>:<path> of a committed file (e.g. model-3:data/train.jsonl) or a file path.`,
    );
  }
  const bytes = lfsContent(cwd, r.stdout, path);
  if (!bytes) {
    throw new InputError(
      `mlbranch: ${spec} is a Git LFS pointer whose object is not here; run git lfs fetch and try again.`,
    );
  }
  return { bytes, format: requireFormat(path), source: spec };
}

const WORKER = new URL("./parseWorker.js", import.meta.url);
// Below this size a worker's start-up costs more than it saves.
const PARALLEL_BYTES = 4 << 20;

function inWorker(t: TableBytes, only?: string[]): Promise<Columns> {
  return new Promise((res, rej) => {
    const w = new Worker(WORKER);
    w.once("message", (m: { ok: boolean; cols?: Columns; message?: string }) => {
      void w.terminate();
      if (m.ok && m.cols) res(m.cols);
      else rej(new InputError(m.message ?? "parse failed"));
    });
    w.once("error", (e) => rej(e));
    const bytes = new Uint8Array(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
    w.postMessage({ bytes, format: t.format, source: t.source, only });
  });
}

/** Parse tables into columns, each large one in its own worker thread (the CPU-bound part). */
export async function loadTables(tables: TableBytes[], only?: string[]): Promise<Columns[]> {
  const parallel =
    tables.length > 1 &&
    tables.some((t) => t.bytes.length > PARALLEL_BYTES) &&
    existsSync(fileURLToPath(WORKER));
  if (!parallel) {
    const set = only ? new Set(only) : undefined;
    return tables.map((t) => toColumns(t.bytes.toString("utf8"), t.format, t.source, set));
  }
  return Promise.all(tables.map((t) => inWorker(t, only)));
}
