import type { TreeEntry } from "../fingerprints.js";
import { type MlflowSettings, storePath } from "./mlflowSettings.js";

/** One MLflow run a promote copies. */
export interface PromotedRun {
  experiment: string;
  run: string;
  files: number;
}

/**
 * The file-store entries a target lacks: every file of each run the target does not have
 * (artifacts/ only when the settings say so), and an experiment's own files (meta.yaml, tags/)
 * when the target lacks that experiment. Blobs are reused as they are.
 */
export function newRunEntries(s: MlflowSettings, src: TreeEntry[], dst: TreeEntry[]) {
  const haveRuns = new Set<string>();
  const haveExperiments = new Set<string>();
  for (const f of dst) {
    const p = storePath(s.dir, f.path);
    if (p?.kind === "run") haveRuns.add(`${p.experiment}/${p.run}`);
    if (p?.kind === "experiment" && f.path === `${s.dir}/${p.experiment}/meta.yaml`)
      haveExperiments.add(p.experiment);
  }
  const entries: TreeEntry[] = [];
  const runs = new Map<string, PromotedRun>();
  const experiments = new Set<string>();
  for (const f of src) {
    if (f.type !== "blob") continue;
    const p = storePath(s.dir, f.path);
    if (!p) continue;
    if (p.kind === "experiment") {
      if (!haveExperiments.has(p.experiment)) {
        entries.push(f);
        experiments.add(p.experiment);
      }
      continue;
    }
    const key = `${p.experiment}/${p.run}`;
    if (haveRuns.has(key)) continue;
    if (!s.artifacts && (p.rest === "artifacts" || p.rest.startsWith("artifacts/"))) continue;
    entries.push(f);
    const r = runs.get(key) ?? { experiment: p.experiment, run: p.run, files: 0 };
    r.files++;
    runs.set(key, r);
  }
  // A run without its meta.yaml is not a run MLflow can read: keep only runs that have one
  // (datasets, traces and logged models are folders of their own, kept as they are).
  const complete = new Set(
    src
      .filter((f) => {
        const p = storePath(s.dir, f.path);
        return p?.kind === "run" && (p.rest === "meta.yaml" || p.run.includes("/"));
      })
      .map((f) => {
        const p = storePath(s.dir, f.path) as { experiment: string; run: string };
        return `${p.experiment}/${p.run}`;
      }),
  );
  const keep = entries.filter((f) => {
    const p = storePath(s.dir, f.path);
    return p?.kind !== "run" || complete.has(`${p.experiment}/${p.run}`);
  });
  const copied = [...runs.entries()].filter(([k]) => complete.has(k)).map(([, r]) => r);
  return {
    entries: keep,
    runs: copied.filter((r) => !r.run.includes("/")),
    /** Logged models, datasets and traces ("models/<id>", ...). */
    others: copied.filter((r) => r.run.includes("/")),
    experiments: [...experiments],
  };
}
