import type { Config } from "../config/types.js";
import { InputError, UsageError } from "../errors.js";
import { execGitBuffer, runGit } from "../git/execGit.js";
import { resolveRev } from "../git/repo.js";
import { wfMsg } from "../messages.js";
import { resolveBranchType } from "../policy/branchType.js";
import { matchesAny } from "../policy/globs.js";
import { type CodeOrigin, codeOrigin } from "./codeOrigin.js";
import { filesAt, modelBlobs } from "./fingerprints.js";
import { findIntroducers, pairKey } from "./introducers.js";
import { globRoots, globsToPathspecs } from "./pathspecs.js";
import { parseJsonl } from "./records.js";
import { snapshotFiles } from "./snapshotFiles.js";
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
const MAX_STAGES = 64;

// Full commit ids of many (possibly abbreviated) shas with one `git cat-file --batch-check`.
function resolveCommits(root: string, shas: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!shas.length) return out;
  const text = execGitBuffer(["cat-file", "--batch-check=%(objectname) %(objecttype)"], {
    cwd: root,
    input: `${shas.map((s) => `${s}^{commit}`).join("\n")}\n`,
  }).toString("utf8");
  text.split("\n").forEach((line, i) => {
    const [oid, type] = line.split(" ");
    if (type === "commit" && i < shas.length) out.set(shas[i], oid);
  });
  return out;
}
const values = (tr: { key: string; value: string }[], key: string) =>
  tr.filter((t) => t.key.toLowerCase() === key.toLowerCase()).map((t) => t.value);

// The data snapshots of one level (the tag, or every commit the previous level's Derived-From
// trailers name): their files in one batch, their introducers in one history walk.
async function readLevel(
  root: string,
  config: Config,
  snaps: { label: string; commit: string; branch: string | null }[],
): Promise<Stage[]> {
  const dataGlobs = config.globs.data ?? [];
  // Only the data roots are read (data/ rather than the whole snapshot).
  const roots = dataGlobs.every((g) => globRoots([g]).length) ? globRoots(dataGlobs) : [];
  const listed = snapshotFiles(
    root,
    snaps.map((s) => s.commit),
    roots,
  );
  const files = new Map(
    snaps.map((s) => [
      s.commit,
      (listed.get(s.commit) ?? []).filter((f) => matchesAny(f.path, dataGlobs)),
    ]),
  );
  const want = new Set([...files.values()].flat().map((f) => pairKey(f.path, f.oid)));
  const intro = await findIntroducers(
    root,
    snaps.map((s) => s.commit),
    globsToPathspecs(dataGlobs),
    want,
  );
  return snaps.map((s) => ({
    label: s.label,
    commit: s.commit,
    branch: s.branch,
    type: s.branch ? (resolveBranchType(config, s.branch)?.name ?? null) : null,
    files: (files.get(s.commit) ?? []).map((f) => {
      const i = intro.get(pairKey(f.path, f.oid));
      return {
        path: f.path,
        blob: f.oid,
        commit: i?.commit ?? null,
        subject: i?.subject ?? null,
        dataSource: i ? values(i.trailers, "Data-Source") : [],
        derivedFrom: i ? values(i.trailers, "Derived-From") : [],
      };
    }),
  }));
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
  let next: { label: string; commit: string; branch: string | null }[] = [
    { label: tag ?? rev, commit, branch: null },
  ];
  // Follow Derived-From back (split -> clean -> raw) a level at a time, each snapshot once;
  // the snapshots of one level are read together.
  while (next.length && stages.length < MAX_STAGES) {
    const done = await readLevel(root, config, next.slice(0, MAX_STAGES - stages.length));
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
      if (!sha || seen.has(sha)) continue;
      seen.add(sha);
      next.push({ label: `${branch}@${sha.slice(0, 10)}`, commit: sha, branch });
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
