import { matchesAny } from "../config/globs.js";
import type { Config } from "../config/types.js";
import { execGitBuffer } from "../git/execGit.js";
import { resolveBranchType } from "../policy/branchType.js";
import type { Delivery } from "./deliveries.js";
import { findIntroducers, pairKey } from "./introducers.js";
import { globRoots, globsToPathspecs } from "./pathspecs.js";
import { snapshotFiles } from "./snapshotFiles.js";

/** One data file of a snapshot and where its content came from. */
export interface DataOrigin {
  path: string;
  blob: string;
  /** The commit that last changed it (introduced this blob); null when history lacks it. */
  commit: string | null;
  subject: string | null;
  dataSource: string[];
  derivedFrom: string[];
  /** For an append-only file (raw): every commit that added records, newest first. */
  deliveries?: Delivery[];
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

const values = (tr: { key: string; value: string }[], key: string) =>
  tr.filter((t) => t.key.toLowerCase() === key.toLowerCase()).map((t) => t.value);

/** Full commit ids of many (possibly abbreviated) shas with one `git cat-file --batch-check`. */
export function resolveCommits(root: string, shas: string[]): Map<string, string> {
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

// The data snapshots of one level (the tag, or every commit the previous level's Derived-From
// trailers name): their files in one batch, their introducers in one history walk.
export async function readLevel(
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
