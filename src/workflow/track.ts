import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Ajv as AjvClass } from "ajv";
import type { Config } from "../config/types.js";
import { pointerToPath } from "../config/validateConfig.js";
import { execGit, runGit } from "../git/execGit.js";
import { currentBranch, resolveRev } from "../git/repo.js";
import { EXIT, InputError, MlbranchError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { wfGuard } from "../io/messages/workflowGuards.js";
import { stringifyJson } from "../records/exactJson.js";
import { dataTrees } from "./fingerprints.js";
import { type MlflowRun, writeMlflowRun } from "./mlflow/writeRun.js";
import { withFinalNewline } from "./records.js";
import { allTags } from "./tagName.js";
import { reservations, reserve } from "./tagReservations.js";

// ajv loads only when tracking.schema is set (in the package: dist/vendor/ajv.cjs).
const require = createRequire(import.meta.url);

/** One experiment-tracking record as `mlbranch track` writes it. */
export interface TrackingRecord {
  run_id: string;
  time: string;
  branch: string | null;
  commit: string | null;
  tag: string | null;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  data: Record<string, string>;
  [extra: string]: unknown;
}

/** Validate a record against the JSON Schema named by tracking.schema; throws with every problem. */
export function validateRecord(root: string, config: Config, record: object): void {
  const schemaPath = config.tracking.schema;
  if (!schemaPath) return;
  const file = join(root, schemaPath);
  let schema: object;
  try {
    schema = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(wfMsg.trackingSchemaUnreadable(schemaPath, (e as Error).message));
  }
  const { Ajv } = require("ajv") as { Ajv: typeof AjvClass };
  const ajv = new Ajv({ allErrors: true, strict: false });
  let validate: ReturnType<AjvClass["compile"]>;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    throw new InputError(wfMsg.trackingSchemaUnreadable(schemaPath, (e as Error).message));
  }
  if (!validate(record)) {
    const errs = (validate.errors ?? []).map(
      (e) => `${pointerToPath(e.instancePath)}: ${e.message ?? e.keyword}`,
    );
    throw new InputError(wfMsg.trackingInvalid(schemaPath, errs));
  }
}

// The data the run saw: the index's data trees (equal to HEAD's on a clean tree).
function indexDataTrees(root: string, config: Config): Record<string, string> {
  const r = runGit(["write-tree"], { cwd: root, okCodes: [128] });
  const tree = r.code === 0 ? r.stdout.toString("utf8").trim() : resolveRev(root, "HEAD");
  return tree ? dataTrees(root, config, tree) : {};
}

// A value with exact numbers as the doubles JSON.parse makes of them.
const plain = (v: unknown): unknown => JSON.parse(stringifyJson(v));

/** Append one record to the tracking file (creating it) and stage the file. */
export function track(opts: {
  root: string;
  config: Config;
  metrics: Record<string, unknown>;
  params?: Record<string, unknown>;
  tag?: string;
  /** Also write the run in MLflow's file store, in this experiment. */
  mlflowExperiment?: string;
}): { record: TrackingRecord; file: string; mlflow: MlflowRun | null } {
  const { root, config } = opts;
  const branch = currentBranch(root);
  // The tag this run logs is held for it, so `mlbranch tag` later makes exactly that name.
  if (opts.tag && branch && !allTags(root).includes(opts.tag) && !reserve(root, opts.tag, branch))
    throw new MlbranchError(
      wfGuard.trackHeldElsewhere(opts.tag, reservations(root).get(opts.tag) ?? "?"),
      EXIT.usage,
    );
  // An MLflow run id is a uuid4 in hex; the record then shares it.
  const id = opts.mlflowExperiment !== undefined ? randomUUID().replace(/-/g, "") : randomUUID();
  const record: TrackingRecord = {
    run_id: id,
    time: new Date().toISOString(),
    branch,
    commit: resolveRev(root, "HEAD"),
    tag: opts.tag ?? null,
    params: opts.params ?? {},
    metrics: opts.metrics,
    data: indexDataTrees(root, config),
  };
  let mlflow: MlflowRun | null = null;
  if (opts.mlflowExperiment !== undefined) {
    mlflow = writeMlflowRun({
      root,
      config,
      experiment: opts.mlflowExperiment,
      runId: id,
      runName: opts.tag ?? `run-${id.slice(0, 8)}`,
      metrics: plain(record.metrics) as Record<string, unknown>,
      params: plain(record.params) as Record<string, unknown>,
      tag: record.tag,
      commit: record.commit,
      branch: record.branch,
    });
    record.mlflow = mlflow;
  }
  // A schema judges plain JSON values (numbers as doubles), as every validator reads them.
  validateRecord(root, config, plain(record) as object);
  const rel = config.tracking.file;
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  const old = existsSync(file) ? readFileSync(file, "utf8") : "";
  const prefix = withFinalNewline(old).slice(old.length);
  // Numbers as written: a 128-bit seed, a 64-bit id, 1e309 and 1e-400 are not rounded.
  appendFileSync(file, `${prefix}${stringifyJson(record)}\n`);
  execGit(["add", "--", rel], { cwd: root });
  return { record, file: rel, mlflow };
}
