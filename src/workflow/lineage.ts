import type { Config } from "../config/types.js";
import { InputError, UsageError } from "../errors.js";
import { runGit } from "../git/execGit.js";
import { resolveRev } from "../git/repo.js";
import { wfMsg } from "../messages.js";
import { resolveBranchType } from "../policy/branchType.js";
import { matchesAny } from "../policy/globs.js";
import { type CodeOrigin, codeOrigin } from "./codeOrigin.js";
import { filesAt, modelBlobs } from "./fingerprints.js";
import { findIntroducers } from "./introducers.js";
import { globsToPathspecs } from "./pathspecs.js";
import { parseJsonl } from "./records.js";
import { readAt } from "./worktree.js";

/** One data file of a snapshot and where its content came from. */
export interface DataOrigin {
  path: string;
  blob: string;
  /** The commit that last changed it (introduced this blob); null when history lacks it. */
  commit: string | null;
  subject: string | null;
  dataSource: string[];
  derivedFrom: string[];
}

/** The data of one snapshot: the tagged commit, or a commit a Derived-From trailer names. */
export interface Stage {
  /** "acme-1", or "clean@<sha>" for an upstream snapshot. */
  label: string;
  commit: string;
  branch: string | null;
  type: string | null;
  files: DataOrigin[];
}

/** The answer to "what was this model trained on?". */
export interface Lineage {
  rev: string;
  commit: string;
  tag: string | null;
  models: { path: string; blob: string }[];
  code: CodeOrigin | null;
  stages: Stage[];
  tracking: { match: "tag" | "commit" | "latest"; record: Record<string, unknown> } | null;
}

const DERIVED = /^(\S+)@([0-9a-f]{7,64})$/;
const values = (tr: { key: string; value: string }[], key: string) =>
  tr.filter((t) => t.key.toLowerCase() === key.toLowerCase()).map((t) => t.value);

async function stageOf(
  root: string,
  config: Config,
  label: string,
  commit: string,
  branch: string | null,
): Promise<Stage> {
  const dataGlobs = config.globs.data ?? [];
  const files = filesAt(root, commit).filter(
    (f) => f.type === "blob" && matchesAny(f.path, dataGlobs),
  );
  const want = new Map(files.map((f) => [f.path, f.oid]));
  const intro = await findIntroducers(root, commit, globsToPathspecs(dataGlobs), want);
  return {
    label,
    commit,
    branch,
    type: branch ? (resolveBranchType(config, branch)?.name ?? null) : null,
    files: files.map((f) => {
      const i = intro.get(f.path);
      return {
        path: f.path,
        blob: f.oid,
        commit: i?.commit ?? null,
        subject: i?.subject ?? null,
        dataSource: i ? values(i.trailers, "Data-Source") : [],
        derivedFrom: i ? values(i.trailers, "Derived-From") : [],
      };
    }),
  };
}

function trackingRecord(
  root: string,
  config: Config,
  commit: string,
  tag: string | null,
): Lineage["tracking"] {
  const text = readAt(root, commit, config.tracking.file);
  if (!text) return null;
  const recs = parseJsonl(text, `${commit.slice(0, 10)}:${config.tracking.file}`).map(
    (r) => r.value,
  );
  const byTag = tag ? recs.filter((r) => r.tag === tag).at(-1) : undefined;
  if (byTag) return { match: "tag", record: byTag };
  const parent = resolveRev(root, `${commit}^`);
  const byCommit = recs
    .filter((r) => r.commit === commit || (parent && r.commit === parent))
    .at(-1);
  if (byCommit) return { match: "commit", record: byCommit };
  const last = recs.at(-1);
  return last ? { match: "latest", record: last } : null;
}

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
  const files = filesAt(root, commit);
  let models = Object.entries(modelBlobs(config, files)).map(([path, blob]) => ({ path, blob }));
  if (opts.model !== undefined) {
    const f = files.find((x) => x.path === opts.model);
    if (!f) throw new InputError(wfMsg.lineageNoModel(opts.model, rev));
    models = [{ path: f.path, blob: f.oid }];
  }
  const stages: Stage[] = [];
  const seen = new Set<string>([commit]);
  const queue: { label: string; commit: string; branch: string | null }[] = [
    { label: tag ?? rev, commit, branch: null },
  ];
  // Follow Derived-From back (clean -> raw, split -> clean), each snapshot once.
  while (queue.length && stages.length < 64) {
    const next = queue.shift()!;
    const stage = await stageOf(root, config, next.label, next.commit, next.branch);
    stages.push(stage);
    for (const f of stage.files) {
      for (const d of f.derivedFrom) {
        const m = DERIVED.exec(d);
        const sha = m ? resolveRev(root, m[2]) : null;
        if (!m || !sha || seen.has(sha)) continue;
        seen.add(sha);
        queue.push({ label: `${m[1]}@${sha.slice(0, 10)}`, commit: sha, branch: m[1] });
      }
    }
  }
  return {
    rev,
    commit,
    tag,
    models,
    code: codeOrigin(root, config, commit),
    stages,
    tracking: trackingRecord(root, config, commit, tag),
  };
}
