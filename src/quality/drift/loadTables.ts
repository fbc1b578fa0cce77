import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { parseReference } from "../../config/referenceSpec.js";
import { requireFormat } from "../../data/format.js";
import { isLfsPointer } from "../../git/blobs.js";
import { runGit } from "../../git/execGit.js";
import { debug } from "../../io/debug.js";
import { InputError, UsageError } from "../../io/errors.js";
import { referenceMsg } from "../../io/messages/references.js";
import { tableMsg } from "../../io/messages/tables.js";
import { packageFile } from "../../io/paths.js";
import type { Columns } from "../../records/columns/columnTypes.js";
import {
  type DriftOptions,
  type DriftReport,
  defaultFeatures,
  driftReport,
  type FeatureDrift,
  featureRows,
} from "./driftReport.js";
import { remoteObject } from "./remoteObject.js";
import { globPath } from "./revPath.js";
import { type TableBytes, tableColumnsAsync } from "./tableColumns.js";

/** Read a table from a file, from `<rev>:<path>`, or from `<repository>#<rev>:<path>` (the path
 * may be a glob; the first match is used). `env` overlays the environment of the git calls. */
export function readTable(cwd: string, spec: string, env?: Record<string, string>): TableBytes {
  const file = resolve(cwd, spec);
  const colon = spec.indexOf(":");
  if (!env && !existsSync(file) && spec.includes("#")) {
    const r = parseReference(spec);
    if (typeof r === "string") throw new UsageError(referenceMsg.badSpec(spec, r));
    if (r.repo !== null) {
      const at = remoteObject(cwd, { ...r, repo: r.repo }, spec);
      return { ...readTable(at.dir, at.object, at.env), source: spec };
    }
  }
  if (existsSync(file) || colon <= 0) {
    if (!existsSync(file)) throw new UsageError(tableMsg.noSuchFile(spec));
    return { file, size: statSync(file).size, format: requireFormat(spec), source: spec };
  }
  const gitEnv = env ? { ...process.env, ...env } : undefined;
  const rev = spec.slice(0, colon);
  const path = globPath(cwd, rev, spec.slice(colon + 1), gitEnv);
  const object = `${rev}:${path}`;
  const check = runGit(["cat-file", "--batch-check=%(objecttype) %(objectsize)"], {
    cwd,
    input: `${object}\n`,
    env: gitEnv,
  });
  const answer = check.stdout.toString("utf8").trim();
  const [type, sizeText] = answer.endsWith(" missing") ? ["missing", ""] : answer.split(" ");
  if (type !== "blob") {
    // Git's own words say whether the revision or the path is wrong.
    const why =
      type === "missing"
        ? runGit(["cat-file", "-e", object], { cwd, okCodes: [128], env: gitEnv })
            .stderr.trim()
            .split("\n")[0]
            .replace(/\.$/, "")
        : `that is a ${type}, not a file`;
    throw new UsageError(tableMsg.notInGit(spec, why));
  }
  const format = requireFormat(path);
  const size = Number(sizeText);
  // Large blobs are read by whoever parses them, as git writes them; small ones may be pointers.
  if (size >= 1024)
    return { git: { cwd, args: ["cat-file", "blob", object], env }, size, format, source: spec };
  const blob = runGit(["cat-file", "blob", object], { cwd, env: gitEnv }).stdout;
  if (!isLfsPointer(blob)) return { bytes: blob, size, format, source: spec };
  const real = Number(/^size (\d+)$/m.exec(blob.toString("utf8"))?.[1] ?? 0);
  const git = {
    cwd,
    args: ["lfs", "smudge", "--", path],
    input: blob,
    env: { ...env, GIT_LFS_SKIP_SMUDGE: "0" },
  };
  return { git, size: real, format, source: spec };
}

// The worker beside this module (tsc's dist/src); in the published package this module is bundled
// into dist/chunks or a hook, and the worker is its own bundle in dist/workers (scripts/bundle.mjs).
function workerUrl(): URL {
  const here = new URL("./parseWorker.js", import.meta.url);
  if (existsSync(here)) return here;
  const bundled = packageFile("dist", "workers", "parseWorker.js");
  if (existsSync(bundled)) return pathToFileURL(bundled);
  return pathToFileURL(packageFile("dist", "src", "quality", "drift", "parseWorker.js"));
}
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

function parseJob(table: TableBytes, only?: string[]) {
  return { op: "parse", table, only };
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
  const worker = workerUrl();
  const parallel =
    Math.max(ref.size, cur.size) > PARALLEL_BYTES && existsSync(fileURLToPath(worker));
  if (!parallel) {
    const set = only ? new Set(only) : undefined;
    const [r, c] = await Promise.all([ref, cur].map((t) => tableColumnsAsync(t, set)));
    return driftReport(r, c, o);
  }
  debug(`drift: parsing both tables in two worker threads (${fileURLToPath(worker)})`);
  const workers = [new Worker(worker), new Worker(worker)];
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
