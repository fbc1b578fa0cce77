import type { Config } from "../config/types.js";
import { runGit } from "../git/execGit.js";
import { isShallow, resolveRev } from "../git/repo.js";
import { InputError, MlbranchError, UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { lineageGuard } from "../io/messages/workflowGuards.js";
import { type CodeOrigin, codeOrigin } from "./codeOrigin.js";
import { dataBranch } from "./dataBranch.js";
import { appendOnlyFiles, deliveries } from "./deliveries.js";
import { filesWhere } from "./fingerprints.js";
import { readLevel, resolveCommits, type Stage } from "./lineageLevel.js";
import { findMlflowRun, type MlflowMatch } from "./mlflow/findRun.js";
import { mlflowSettings } from "./mlflow/mlflowSettings.js";
import { isModelFile, modelFiles } from "./modelFiles.js";
import { addSquashedTrailers } from "./squashTrailers.js";
import { type TrackingMatch, trackingRecord } from "./trackingRecord.js";

export type { DataOrigin, Stage } from "./lineageLevel.js";

/** The answer to "what was this model trained on?". */
export interface Lineage {
  rev: string;
  commit: string;
  tag: string | null;
  /** Model files (never a card or metrics file). */
  models: { path: string; blob: string }[];
  /** Model cards beside the models. */
  cards: { path: string; blob: string }[];
  /** Metrics files beside the models. */
  metrics: { path: string; blob: string }[];
  code: CodeOrigin | null;
  stages: Stage[];
  tracking: TrackingMatch;
  /** The MLflow run tagged with the tag (tags/model_tag, or the tags table of mlflow.db). */
  mlflow: MlflowMatch | null;
}

const DERIVED = /^(\S+)@([0-9a-f]{7,64})$/;
const MAX_STAGES = 64;

/** Lineage of a tag or commit: model blobs, data followed back through Derived-From, code, tracking. */
export async function lineage(opts: {
  root: string;
  config: Config;
  rev: string;
  model?: string;
}): Promise<Lineage> {
  const { root, config, rev } = opts;
  const commit = resolveRev(root, rev);
  if (!commit) throw new UsageError(wfMsg.badRevision(rev));
  const isTag =
    runGit(["rev-parse", "-q", "--verify", `refs/tags/${rev}`], { cwd: root, okCodes: [1] })
      .code === 0;
  const tag = isTag ? rev : null;
  // Only the files lineage reads (models, cards, metrics, the MLflow store, --model) are kept
  // from the snapshot's listing: a 100k-file tree is scanned, not parsed.
  const models = config.globs.models ?? [];
  const data = config.globs.data ?? [];
  const ml = mlflowSettings(config);
  const files = filesWhere(
    root,
    commit,
    (p) =>
      p === opts.model || p === ml.db || p.startsWith(`${ml.dir}/`) || isModelFile(models, data, p),
  );
  const beside = modelFiles(config, files);
  const pick = (kind: string) =>
    beside.filter((f) => f.kind === kind).map(({ path, blob }) => ({ path, blob }));
  let picked = pick("model");
  if (opts.model !== undefined) {
    const f = files.find((x) => x.path === opts.model);
    if (!f) throw new InputError(wfMsg.lineageNoModel(opts.model, rev));
    picked = [{ path: f.path, blob: f.oid }];
  }
  const stages: Stage[] = [];
  const seen = new Set<string>([commit]);
  let next: { label: string; commit: string; branch: string | null }[] = [
    { label: tag ?? rev, commit, branch: null },
  ];
  // Follow Derived-From back (split -> clean -> raw) a level at a time, each snapshot once;
  // the snapshots of one level are read together.
  while (next.length && stages.length < MAX_STAGES) {
    const done = await readLevel(root, config, next.slice(0, MAX_STAGES - stages.length));
    // The tag's own data came from a data branch (the split, usually): name it.
    if (!stages.length && done[0] && !done[0].branch) {
      const from = dataBranch(
        root,
        config,
        done[0].files.flatMap((f) => (f.commit ? [f.commit] : [])),
      );
      if (from) Object.assign(done[0], from);
    }
    addSquashedTrailers(root, done);
    stages.push(...done);
    const named = new Map<string, string>();
    for (const f of done.flatMap((s) => s.files)) {
      for (const d of f.derivedFrom) {
        const m = DERIVED.exec(d);
        if (m && !named.has(m[2])) named.set(m[2], m[1]);
      }
    }
    const shas = resolveCommits(root, [...named.keys()]);
    next = [];
    for (const [given, branch] of named) {
      const sha = shas.get(given);
      // A source named but not here: the answer would stop short and look complete.
      if (!sha) throw new MlbranchError(lineageGuard.sourceMissing(branch, given, isShallow(root)));
      if (seen.has(sha)) continue;
      seen.add(sha);
      next.push({ label: `${branch}@${sha.slice(0, 10)}`, commit: sha, branch });
    }
  }
  // Append-only files (raw deliveries) list every commit that added records, not just the last.
  for (const s of stages) {
    const paths = appendOnlyFiles(
      config,
      s.type,
      s.files.map((f) => f.path),
    );
    const d = deliveries(root, s.commit, paths);
    for (const f of s.files) {
      const list = d.get(f.path);
      if (list) f.deliveries = list;
    }
  }
  return {
    rev,
    commit,
    tag,
    models: picked,
    cards: pick("card"),
    metrics: pick("metrics"),
    code: codeOrigin(root, config, commit),
    stages,
    tracking: trackingRecord(root, config, commit, tag),
    mlflow: await findMlflowRun(root, config, files, tag),
  };
}
