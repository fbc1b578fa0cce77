import type { Config } from "../../config/types.js";

/** MLflow settings with defaults filled in. */
export interface MlflowSettings {
  dir: string;
  db: string;
  artifacts: boolean;
  tagKey: string;
}

/** tracking.mlflow of the config, with defaults: mlruns, mlflow.db, no artifacts, model_tag. */
export function mlflowSettings(config: Config): MlflowSettings {
  const m = config.tracking.mlflow ?? {};
  return {
    dir: (m.dir ?? "mlruns").replace(/\/+$/, ""),
    db: m.db ?? "mlflow.db",
    artifacts: m.artifacts ?? false,
    tagKey: m.tagKey ?? "model_tag",
  };
}

// Folders of an experiment that are not runs (MLflow's RESERVED_EXPERIMENT_FOLDERS, plus the
// LoggedModel folder MLflow 3 adds).
const RESERVED = new Set(["tags", "datasets", "traces", "models"]);
const UNITS = new Set(["models", "datasets", "traces"]);
// Folders of the store root that are not experiments.
const NOT_EXPERIMENTS = new Set([".trash", "models"]);

/** Where a path sits in an MLflow file store: an experiment's own file, a run's file, or neither. */
export type StorePath =
  | { kind: "experiment"; experiment: string }
  | { kind: "run"; experiment: string; run: string; rest: string }
  | null;

/** Classify a repository path under the store root `dir`. */
export function storePath(dir: string, path: string): StorePath {
  if (!path.startsWith(`${dir}/`)) return null;
  const parts = path.slice(dir.length + 1).split("/");
  if (parts.length < 2 || NOT_EXPERIMENTS.has(parts[0])) return null;
  const [experiment, second] = parts;
  // Logged models (MLflow 3), datasets and traces of an experiment travel like runs: each
  // folder is copied whole when the target lacks it.
  if (UNITS.has(second) && parts.length >= 4)
    return {
      kind: "run",
      experiment,
      run: `${second}/${parts[2]}`,
      rest: parts.slice(3).join("/"),
    };
  if (parts.length === 2 || RESERVED.has(second)) return { kind: "experiment", experiment };
  return { kind: "run", experiment, run: second, rest: parts.slice(2).join("/") };
}
