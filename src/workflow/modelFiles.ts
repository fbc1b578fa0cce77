import { matchesAny } from "../config/globs.js";
import type { Config } from "../config/types.js";
import type { TreeEntry } from "./fingerprints.js";

/** What a file beside a model is. */
export type ModelFileKind = "model" | "card" | "metrics";

const CARD = /(^|[/_.-])(model[_-]?card|readme|card)[^/]*$|\.(md|rst|html?)$/i;
const METRICS =
  /(^|[/_.-])(metrics?|scores?|eval(uation)?|results?)[^/]*\.(json|ya?ml|csv|tsv|txt)$/i;
// Beside models but outside the models globs: a card or metrics file at the root or in reports/.
const LOOSE =
  /^(reports?\/)?[^/]*(model[_-]?card[^/]*\.(md|rst|html?)|metrics[^/]*\.(json|ya?ml|csv))$/i;

/** Whether a file of a training snapshot is a model, its model card, or its metrics. */
export function modelFileKind(path: string): ModelFileKind {
  if (METRICS.test(path)) return "metrics";
  if (CARD.test(path)) return "card";
  return "model";
}

/**
 * The model files of a snapshot (globs.models), with model cards and metrics files told apart
 * (by name: *card*, README, .md; metrics*, scores*, eval*, results* as JSON/YAML/CSV), plus
 * cards and metrics files beside them at the root or in reports/ outside the models globs.
 */
export function modelFiles(config: Config, files: TreeEntry[]) {
  const models = config.globs.models ?? [];
  const data = config.globs.data ?? [];
  const out: { path: string; blob: string; kind: ModelFileKind }[] = [];
  for (const f of files) {
    if (f.type !== "blob") continue;
    if (isModelFile(models, data, f.path))
      out.push({ path: f.path, blob: f.oid, kind: modelFileKind(f.path) });
  }
  return out;
}

/** Whether modelFiles() would list a path (models globs, or a loose card / metrics file). */
export function isModelFile(models: string[], data: string[], path: string): boolean {
  return matchesAny(path, models) || (LOOSE.test(path) && !matchesAny(path, data));
}
