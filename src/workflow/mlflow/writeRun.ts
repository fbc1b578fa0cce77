import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Config } from "../../config/types.js";
import { execGit, runGit } from "../../git/execGit.js";
import { InputError } from "../../io/errors.js";
import { wfMsg } from "../../io/messages/workflow.js";
import { mlflowSettings } from "./mlflowSettings.js";
import { dumpYaml, parseYaml } from "./yaml.js";

/** What `track --mlflow` wrote. */
export interface MlflowRun {
  experiment_id: string;
  run_id: string;
  /** The run folder, relative to the repository root. */
  path: string;
}

// RunStatus.FINISHED and SourceType.LOCAL as MLflow stores them in meta.yaml.
const FINISHED = 3;
const LOCAL = 4;

// Python writes a float metric with repr(): 3 -> "3.0", 0.25 -> "0.25".
const pyFloat = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v));

// A metric or param key may hold "/" (MLflow nests folders); never ".." or an absolute path.
function keyFile(dir: string, key: string): string {
  if (
    !key ||
    key.startsWith("/") ||
    key.split("/").some((p) => p === ".." || p === "." || p === "")
  )
    throw new InputError(wfMsg.mlflowBadKey(key));
  const f = join(dir, ...key.split("/"));
  mkdirSync(dirname(f), { recursive: true });
  return f;
}

function experimentId(root: string, dir: string, name: string): { id: string; exists: boolean } {
  const store = join(root, dir);
  if (existsSync(store))
    for (const e of readdirSync(store)) {
      const meta = join(store, e, "meta.yaml");
      if (!existsSync(meta)) continue;
      const y = parseYaml(readFileSync(meta, "utf8"));
      if (y.name === name) return { id: String(y.experiment_id ?? e), exists: true };
    }
  if (name === "Default") return { id: "0", exists: false };
  // MLflow's _generate_unique_integer_id: a random positive 63-bit integer.
  const id = (randomBytes(8).readBigUInt64BE() >> 1n).toString();
  return { id, exists: false };
}

/**
 * Write one finished run in MLflow's file-store layout (as MLflow 2.x and 3.x write it, read
 * by `mlflow ui --backend-store-uri ./mlruns`): <dir>/<experiment>/<run>/meta.yaml,
 * metrics/<key> ("<ms> <value> <step>" lines), params/<key>, tags/<key> (the model tag among
 * them), and the experiment's meta.yaml when it is new. The files are staged.
 */
export function writeMlflowRun(opts: {
  root: string;
  config: Config;
  experiment: string;
  runId: string;
  runName: string;
  metrics: Record<string, unknown>;
  params: Record<string, unknown>;
  tag: string | null;
  commit: string | null;
  branch: string | null;
}): MlflowRun {
  const { root } = opts;
  const s = mlflowSettings(opts.config);
  const now = Date.now();
  const exp = experimentId(root, s.dir, opts.experiment);
  const expDir = join(root, s.dir, exp.id);
  const runDir = join(expDir, opts.runId);
  const user =
    runGit(["config", "user.name"], { cwd: root, okCodes: [1] })
      .stdout.toString("utf8")
      .trim() ||
    process.env.USER ||
    "unknown";
  mkdirSync(join(runDir, "metrics"), { recursive: true });
  mkdirSync(join(runDir, "params"), { recursive: true });
  mkdirSync(join(runDir, "tags"), { recursive: true });
  mkdirSync(join(runDir, "artifacts"), { recursive: true });
  if (!exp.exists) {
    writeFileSync(
      join(expDir, "meta.yaml"),
      dumpYaml({
        artifact_location: pathToFileURL(expDir).href,
        creation_time: now,
        experiment_id: exp.id,
        last_update_time: now,
        lifecycle_stage: "active",
        name: opts.experiment,
      }),
    );
  }
  writeFileSync(
    join(runDir, "meta.yaml"),
    dumpYaml({
      artifact_uri: pathToFileURL(join(runDir, "artifacts")).href,
      end_time: now,
      entry_point_name: "",
      experiment_id: exp.id,
      lifecycle_stage: "active",
      run_id: opts.runId,
      run_name: opts.runName,
      run_uuid: opts.runId,
      source_name: "",
      source_type: LOCAL,
      source_version: "",
      start_time: now,
      status: FINISHED,
      tags: [],
      user_id: user,
    }),
  );
  // Validate every key before anything is written.
  for (const k of [...Object.keys(opts.metrics), ...Object.keys(opts.params)]) keyFile(runDir, k);
  for (const [k, v] of Object.entries(opts.metrics))
    if (typeof v === "number" && Number.isFinite(v))
      writeFileSync(keyFile(join(runDir, "metrics"), k), `${now} ${pyFloat(v)} 0\n`);
  for (const [k, v] of Object.entries(opts.params))
    writeFileSync(
      keyFile(join(runDir, "params"), k),
      typeof v === "string" ? v : JSON.stringify(v),
    );
  const tags: Record<string, string> = {
    "mlflow.runName": opts.runName,
    "mlflow.user": user,
    "mlflow.source.type": "LOCAL",
    "mlflow.source.name": "mlbranch track",
  };
  if (opts.commit) tags["mlflow.source.git.commit"] = opts.commit;
  if (opts.branch) tags["mlflow.source.git.branch"] = opts.branch;
  if (opts.tag) tags[s.tagKey] = opts.tag;
  for (const [k, v] of Object.entries(tags)) writeFileSync(join(runDir, "tags", k), v);
  const rel = [s.dir, exp.id, opts.runId].join("/");
  execGit(["add", "--", `${s.dir}/${exp.id}/meta.yaml`, rel], { cwd: root });
  return { experiment_id: exp.id, run_id: opts.runId, path: rel };
}
