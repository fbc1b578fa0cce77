import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import micromatch from "micromatch";
import type { Columns } from "../../data/columns.js";
import { requireFormat } from "../../data/format.js";
import { InputError, UsageError } from "../../errors.js";
import { runGit } from "../../git/execGit.js";
import { lfsContent } from "../../git/lfs.js";
import {
  type DriftOptions,
  type DriftReport,
  defaultFeatures,
  driftReport,
  type FeatureDrift,
  featureRows,
} from "./driftReport.js";
import { type TableBytes, tableColumns } from "./tableColumns.js";

export type { TableBytes };
export { tableColumns };

// A reference may name its file by glob ("acme-2:data/train.*"), since splits may be CSV or JSONL.
function globPath(cwd: string, rev: string, path: string): string {
  if (!/[*?[{]/.test(path)) return path;
  const r = runGit(["ls-tree", "-r", "-z", "--name-only", rev], { cwd, okCodes: [128] });
  const names = r.code === 0 ? r.stdout.toString("utf8").split("\0").filter(Boolean) : [];
  const hit = names
    .filter(
      (n) => /\.(jsonl|ndjson|csv|tsv)$/i.test(n) && micromatch.isMatch(n, path, { dot: true }),
    )
    .sort()[0];
  if (!hit) {
    throw new UsageError(
      `mlbranch: cannot read ${rev}:${path}: ${r.code === 0 ? "no JSONL or CSV file there matches" : `no revision ${rev}`}. Give <rev>:<path> of a committed file (e.g. model-3:data/train.jsonl) or a file path.`,
    );
  }
  return hit;
}

/** Read a table from a file or from `<rev>:<path>` (the path may be a glob; the first match is used). */
export function readTable(cwd: string, spec: string): TableBytes {
  const file = resolve(cwd, spec);
  const colon = spec.indexOf(":");
  if (existsSync(file) || colon <= 0) {
    if (!existsSync(file)) throw new UsageError(`mlbranch: cannot read ${spec}: no such file.`);
    return { file, size: statSync(file).size, format: requireFormat(spec), source: spec };
  }
  const rev = spec.slice(0, colon);
  const path = globPath(cwd, rev, spec.slice(colon + 1));
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
  return { bytes, size: bytes.length, format: requireFormat(path), source: spec };
}

const WORKER = new URL("./parseWorker.js", import.meta.url);
// Below this size a worker's start-up costs more than it saves.
const PARALLEL_BYTES = 4 << 20;

function ask<T>(w: Worker, job: object, transfer: ArrayBuffer[] = []): Promise<T> {
  return new Promise((res, rej) => {
    w.once("message", (m: { ok: boolean; message?: string } & T) => {
      if (m.ok) res(m);
      else rej(new InputError(m.message ?? "worker failed"));
    });
    w.once("error", rej);
    w.postMessage(job, transfer);
  });
}

function parseJob(t: TableBytes, only?: string[]) {
  const b = t.bytes;
  const bytes = b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : undefined;
  return { op: "parse", file: t.file, bytes, format: t.format, source: t.source, only };
}

function subset(t: Columns, names: string[]): Columns {
  const cols = new Map([...t.cols].filter(([n]) => names.includes(n)));
  return { rows: t.rows, names: [...cols.keys()], cols };
}

/**
 * Read reference and current into columns and compare them. Large inputs use two threads:
 * each table parsed in its own worker, then the features shared between a worker and this thread.
 */
export async function driftOfTables(
  ref: TableBytes,
  cur: TableBytes,
  o: DriftOptions,
  only?: string[],
): Promise<DriftReport> {
  const parallel =
    Math.max(ref.size, cur.size) > PARALLEL_BYTES && existsSync(fileURLToPath(WORKER));
  if (!parallel) {
    const set = only ? new Set(only) : undefined;
    const [r, c] = [ref, cur].map((t) => tableColumns(t, set));
    return driftReport(r, c, o);
  }
  const workers = [new Worker(WORKER), new Worker(WORKER)];
  try {
    const [r, c] = (
      await Promise.all([
        ask<{ cols: Columns }>(workers[0], parseJob(ref, only)),
        ask<{ cols: Columns }>(workers[1], parseJob(cur, only)),
      ])
    ).map((m) => m.cols);
    const names = o.features ?? defaultFeatures(r, c, o);
    // Alternate features between the two threads; numeric ones are the costly part.
    const mine = names.filter((_, i) => i % 2 === 0);
    const theirs = names.filter((_, i) => i % 2 === 1);
    const job = {
      op: "drift",
      ref: subset(r, theirs),
      cur: subset(c, theirs),
      features: theirs,
      options: o,
    };
    // Hand the worker its columns instead of copying them; calibration's stay here.
    const keep = new Set([o.probability, o.label]);
    const moved = [job.ref, job.cur].flatMap((t) =>
      [...t.cols]
        .filter(([n]) => !keep.has(n))
        .map(([, col]) => (col.kind === "num" ? col.values.buffer : col.codes.buffer)),
    );
    const remote = ask<{ rows: FeatureDrift[] }>(workers[0], job, moved as ArrayBuffer[]);
    const local = featureRows(r, c, mine, o);
    const other = (await remote).rows;
    const byName = new Map([...local, ...other].map((f) => [f.feature, f]));
    return driftReport(
      r,
      c,
      o,
      names.map((n) => byName.get(n) as FeatureDrift),
    );
  } finally {
    for (const w of workers) void w.terminate();
  }
}
