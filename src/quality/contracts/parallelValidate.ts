import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { packageFile } from "../../io/paths.js";
import type { PartJob } from "./contractsWorker.js";
import type { KeySlots } from "./keyChecks.js";
import { readPlainRange } from "./plainRange.js";
import { refKeys, type TableText } from "./refKeys.js";
import { RowReader } from "./rowReader.js";
import type { TableCheck } from "./tableCheck.js";
import { TableValidator } from "./tableValidator.js";
import type { ContractError } from "./types.js";

/** Files from this size up are checked in two parts at once (below, a worker's start costs more). */
export const PARALLEL_BYTES = 8 << 20;

/**
 * Whether to split a large file: MLBRANCH_CONTRACTS_PARALLEL=0 never, =1 always (on two cores or
 * more), else only when the machine is not saturated (1-minute load average below the number of
 * cores; a quiet 2-core machine reads about 1 right after a previous run): on saturated cores a
 * second thread only adds its start and the halves' comparison to the work.
 */
export function parallelWanted(): boolean {
  const env = process.env.MLBRANCH_CONTRACTS_PARALLEL;
  if (env === "0") return false;
  const cores = availableParallelism();
  return cores >= 2 && (env === "1" || loadavg()[0] < cores);
}

type PartResult =
  | { fallback: true }
  | {
      fallback?: false;
      errors: ContractError[];
      total: number;
      headerTotal: number;
      firstRow: number;
      slots: KeySlots;
    };

// The worker beside this module (tsc's dist/src), else the bundled one (scripts/bundle.mjs).
function workerUrl(): URL | null {
  try {
    const here = new URL("./contractsWorker.js", import.meta.url);
    if (existsSync(here)) return here;
  } catch {}
  const bundled = packageFile("dist", "workers", "contractsWorker.js");
  return existsSync(bundled) ? pathToFileURL(bundled) : null;
}

// The file's first line (the header) and where the line after 55% of it starts; null when the
// header is not plain ASCII without quotes, or no line end follows the middle soon.
function cutPoints(file: string, size: number): { header: string; cut: number } | null {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(1 << 16);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, n).indexOf(10);
    const head = buf.subarray(0, nl + 1);
    if (nl < 0 || head.some((b) => b > 127 || b === 34)) return null;
    const header = head.toString("latin1");
    // The worker first starts, compiles the schema and counts the first part's lines: this
    // thread takes a little more than half.
    const at = Math.floor(size * 0.55);
    const m = readSync(fd, buf, 0, buf.length, at);
    const mid = buf.subarray(0, m).indexOf(10);
    if (mid < 0 || at + mid + 1 >= size) return null;
    return { header, cut: at + mid + 1 };
  } finally {
    closeSync(fd);
  }
}

/**
 * A large CSV/TSV file checked in two parts at once: this thread the header and the first 55%,
 * a worker the header and the rest (its rows numbered after the first half's). The same report
 * as one pass, or null (then check it in one pass) when that is not certain: a file with a quote
 * or a non-ASCII byte, a foreign key to the file itself, an append, a key or row of the second
 * half also in the first (their errors name the first row), or no worker to start.
 */
export function validateInParallel(
  c: TableCheck,
  expectedRows: number,
  from = PARALLEL_BYTES,
): { errors: ContractError[]; total: number } | null {
  if (!("file" in c.data) || c.format === "jsonl" || c.oldLength) return null;
  if (c.schema.foreignKeys.some((fk) => fk.resource === "")) return null;
  if (availableParallelism() < 2) return null;
  const file = c.data.file;
  const size = statSync(file).size;
  if (size < from) return null;
  const cuts = cutPoints(file, size);
  const url = workerUrl();
  if (!cuts || !url) return null;
  const maxErrors = c.maxErrors ?? 1000;
  const refs: Record<string, TableText | null> = {};
  for (const fk of c.schema.foreignKeys) refs[fk.resource] = c.readRef(fk.resource);
  const share = Math.ceil((expectedRows * (size - cuts.cut)) / size);
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const job: PartJob = {
    ...{ schemaSource: c.schema.source, schemaPath: c.schema.path, format: c.format, file },
    ...{ header: cuts.header, from: cuts.cut, to: size, refs, maxErrors, expectedRows: share },
    ...{ port: port2, done },
  };
  const worker = new Worker(url, { workerData: job, transferList: [port2] });
  // A worker that fails (its bundle does not load, it runs out of memory) emits "error" on the
  // next turn of the event loop; unheard, that would end the process with a stack trace after
  // the one-pass report below was already made. Its failure only means that report is used.
  worker.on("error", () => {});
  try {
    const v = new TableValidator(c.schema, {
      format: c.format,
      maxErrors,
      expectedRows: expectedRows - share,
      refs: (fk) => refKeys(c.schema, fk, refs[fk.resource]),
    });
    const t0 = Date.now();
    if (!readPlainRange(file, 0, cuts.cut, new RowReader(c.format, v))) return null;
    const first = v.finish();
    // The worker posts, then sets `done`: wait here without returning to the event loop. A
    // worker that died without a word would never set it: past 10x this part's time plus 30 s
    // the file is checked in one pass instead.
    if (Atomics.wait(done, 0, 0, 30_000 + 10 * (Date.now() - t0)) === "timed-out") return null;
    const got = receiveMessageOnPort(port1)?.message as PartResult | undefined;
    if (!got || got.fallback || got.firstRow !== v.nextRow || v.sharesKeyWith(got.slots))
      return null;
    // The worker numbered its rows after the first part's; its header's errors are ours too.
    const errors = first.concat(got.errors.filter((e) => (e.row ?? 0) > 1));
    return {
      errors: errors.slice(0, maxErrors),
      total: v.total + got.total - got.headerTotal,
    };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
