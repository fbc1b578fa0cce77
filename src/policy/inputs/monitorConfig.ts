import { DEFAULT_THRESHOLDS, type Thresholds } from "../../quality/drift/thresholds.js";

/** The `monitor` key of a branch type (see the README's "Data-quality gates" section). */
export interface MonitorConfig extends Partial<Thresholds> {
  /** Monitoring data files (default: JSONL/CSV under monitoring/ and data/). */
  files?: string[];
  /** Field of each monitoring record that names the model tag that served it. */
  tagField?: string;
  /** Where that model's training data is: "<rev>:<path>" with {tag} replaced (a tag is a rev). */
  reference?: string;
  features?: string[];
  exclude?: string[];
  probability?: string;
  label?: string;
  /** Alert log, appended to in the commit being made. */
  alerts?: string;
  /** true: refuse the commit instead of alerting. */
  block?: boolean;
  /** Fewer new records than this (per tag) are not judged: a warning says so. */
  minRows?: number;
}

/** A monitor config with every default filled in. */
export type MonitorSettings = Required<Omit<MonitorConfig, "features">> & { features?: string[] };

/** Fill in defaults. */
export function monitorSettings(c: MonitorConfig): MonitorSettings {
  return {
    files: c.files ?? [
      "monitoring/**/*.jsonl",
      "monitoring/**/*.csv",
      "data/**/*.jsonl",
      "data/**/*.csv",
    ],
    tagField: c.tagField ?? "model_tag",
    reference: c.reference ?? "{tag}:data/train.*",
    features: c.features,
    exclude: c.exclude ?? ["id"],
    probability: c.probability ?? "probability",
    label: c.label ?? "label",
    alerts: c.alerts ?? "monitoring/alerts.jsonl",
    block: c.block ?? false,
    minRows: c.minRows ?? 500,
    psi: c.psi ?? DEFAULT_THRESHOLDS.psi,
    ks: c.ks ?? DEFAULT_THRESHOLDS.ks,
    outliers: c.outliers ?? DEFAULT_THRESHOLDS.outliers,
    z: c.z ?? DEFAULT_THRESHOLDS.z,
    ece: c.ece ?? DEFAULT_THRESHOLDS.ece,
    alpha: c.alpha ?? DEFAULT_THRESHOLDS.alpha,
  };
}
