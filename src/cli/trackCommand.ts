import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { wfMsg } from "../io/messages/workflow.js";
import { stringifyJson } from "../records/exactJson.js";
import { readJsonArg } from "../workflow/jsonArg.js";
import { track } from "../workflow/track.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch track --metrics <file|json> [--params <file|json>] [--tag <name>] [--mlflow [--experiment <name>]] [--json]

Append one record to the tracking file (tracking.file in mlbranch.json, default
tracking/runs.jsonl) and stage it: run_id, time, branch, commit (HEAD), tag, params, metrics
and data (tree ids of the data paths in the index). Validated against tracking.schema when set.

  --metrics <file|json>  a JSON object, inline or in a file (required)
  --params <file|json>   the run's parameters
  --tag <name>           the tag this run will get (mlbranch tag --next)
  --mlflow               also write the run in MLflow's file store (tracking.mlflow.dir, default
                         mlruns/<experiment>/<run>/: meta.yaml, metrics/, params/, tags/), with
                         the tag in tags/model_tag (tracking.mlflow.tagKey), staged; the record
                         and the run share the run id
  --experiment <name>    the MLflow experiment (default Default, id 0; a new name gets a new id)
  --json                 print the record
  -h, --help             this help

Examples:
  mlbranch track --metrics metrics.json --params '{"lr": 0.01}' --tag "$(mlbranch tag --next)"
  mlbranch track --metrics '{"rmse": 0.21}'
  mlbranch track --metrics metrics.json --tag acme-3 --mlflow --experiment iris`;

/** `mlbranch track`: append a tracking record. */
export const trackCommand: Command = {
  name: "track",
  help,
  run(args, io) {
    const { values } = parseArgs(
      args,
      {
        metrics: { type: "string" },
        params: { type: "string" },
        tag: { type: "string" },
        mlflow: { type: "boolean" },
        experiment: { type: "string" },
        json: { type: "boolean" },
      },
      help,
      false,
    );
    if (values.metrics === undefined)
      throw new UsageError(msg.usage("--metrics is required.", help));
    if (values.experiment !== undefined && !values.mlflow)
      throw new UsageError(msg.usage("--experiment goes with --mlflow.", help));
    const root = repoRoot(io.cwd);
    const r = track({
      root,
      config: loadConfig(root),
      metrics: readJsonArg(values.metrics, "metrics", io.cwd),
      params:
        values.params === undefined ? undefined : readJsonArg(values.params, "params", io.cwd),
      tag: values.tag,
      mlflowExperiment: values.mlflow ? (values.experiment ?? "Default") : undefined,
    });

    if (values.json) io.out(stringifyJson(r.record));
    else {
      io.err(wfMsg.tracked(r.file, r.record.run_id));
      if (r.mlflow) io.err(wfMsg.trackedMlflow(r.mlflow.path, r.mlflow.experiment_id));
    }
    return EXIT.ok;
  },
};
