import { chmodSync, mkdirSync, mkdtempSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { resolveBranchType } from "../../config/branchType.js";
import { execGitBuffer } from "../../git/execGit.js";
import { MlbranchError, UsageError } from "../../io/errors.js";
import { msg } from "../../io/messages/common.js";
import { relMsg } from "../../io/messages/release.js";
import { parseLsTree } from "../fingerprints.js";
import { checkClient, configAt, openSource, releaseNames } from "./listReleases.js";
import {
  type DeliveredFile,
  deliverableFiles,
  recordMismatches,
  writeFiles,
} from "./releaseFiles.js";
import { at, fetchBlobs, fetchTags, useLfsConfig } from "./releaseSource.js";
import { readReleaseTags, releaseNumber, tagPatterns } from "./releaseTags.js";
import {
  checkTarget,
  installFolder,
  removeWork,
  treeBytes,
  workDirBeside,
} from "./releaseTarget.js";

/** What `mlbranch release --latest|<tag>` delivered. */
export interface Delivery {
  client: string;
  tag: string;
  commit: string;
  branch: string;
  from: string;
  dir: string;
  files: DeliveredFile[];
  metrics: Record<string, unknown> | null;
  /** Bytes of git objects and LFS objects fetched (a URL only; null for this repository). */
  fetched: { git: number; lfs: number } | null;
  warnings: string[];
}

/** Fetch one release of a client into a folder: deliverable files only, each verified. */
export function deliverRelease(opts: {
  cwd: string;
  client: string;
  tag?: string;
  latest?: boolean;
  from?: string;
  into?: string;
  force?: boolean;
  lfsUrl?: string;
}): Delivery {
  checkClient(opts.client);
  if (!opts.tag && !opts.latest) throw new UsageError(`${msg.prefix} ${relMsg.tagOrLatest()}`);
  const force = Boolean(opts.force);
  const into = opts.into === undefined ? undefined : resolve(opts.cwd, opts.into);
  if (into) checkTarget(into, force);
  mkdirSync(into ? dirname(into) : opts.cwd, { recursive: true });
  const {
    src,
    config,
    work: remoteWork,
  } = openSource(opts.cwd, opts.from, into ? dirname(into) : opts.cwd, opts.lfsUrl);
  let work = remoteWork;
  try {
    const patterns = tagPatterns(config);
    if (!patterns.length) throw new MlbranchError(relMsg.noTagPattern());
    const names = releaseNames(src, opts.client, patterns);
    let tag = opts.tag;
    if (tag !== undefined && !names.has(tag)) {
      if (releaseNumber(tag, opts.client, patterns) === null)
        throw new MlbranchError(relMsg.notClientsRelease(tag, opts.client, patterns[0]));
      throw new MlbranchError(relMsg.noSuchTag(tag, src.label));
    }
    if (tag === undefined) {
      if (!names.size) throw new MlbranchError(relMsg.noReleases(opts.client, src.label));
      tag = [...names.keys()].sort(
        (a, b) =>
          (releaseNumber(b, opts.client, patterns) ?? 0) -
          (releaseNumber(a, opts.client, patterns) ?? 0),
      )[0];
    }
    const target = into ?? resolve(opts.cwd, tag);
    checkTarget(target, force);
    if (!work) work = workDirBeside(target);
    // The tag, its commit and trees: no blob yet, no other commit, no other branch.
    fetchTags(src, [tag], "blob:none");
    const t = readReleaseTags(src, opts.client, patterns, [tag])[0];
    if (!t || t.object !== names.get(tag))
      throw new MlbranchError(relMsg.noSuchTag(tag, src.label));
    if (t.type !== "tag") throw new MlbranchError(relMsg.notAnnotated(tag));
    const rec = t.record;
    if (!rec) throw new MlbranchError(relMsg.notMlbranchTag(tag));
    if (rec.name !== tag) throw new MlbranchError(relMsg.messageOfOtherTag(tag, rec.name));
    const tree = parseLsTree(
      execGitBuffer(["ls-tree", "-r", "-z", "--full-tree", t.target], at(src)),
    );
    const mismatches = recordMismatches(tree, rec.models);
    if (rec.commit !== t.target)
      throw new MlbranchError(relMsg.movedTag(tag, rec.commit, t.target, mismatches));
    if (mismatches.length) throw new MlbranchError(relMsg.blobMismatch(tag, mismatches));
    // The repository's own word, at the released commit, on what a client gets.
    const atRelease = configAt(src, t.target);
    useLfsConfig(src, t.target);
    const type = resolveBranchType(atRelease, rec.branch)?.type;
    const tp = type?.tagPattern;
    if (!type || !tp || releaseNumber(tag, opts.client, [tp]) === null)
      throw new MlbranchError(relMsg.notClientsRelease(tag, opts.client, tp ?? patterns[0]));
    const globs = type.deliverables ?? atRelease.globs.models ?? [];
    const files = deliverableFiles(tree, globs, atRelease.globs.data ?? []);
    if (!files.length) throw new MlbranchError(relMsg.nothingDeliverable(tag, globs));
    fetchBlobs(src, [...new Set(files.map((f) => f.oid))]);
    const staging = mkdtempSync(join(work, "files-"));
    chmodSync(staging, 0o755); // mkdtemp makes it 0700; a delivered folder reads like any other
    const delivered = writeFiles(src, tag, files, rec.models, staging);
    const fetched = src.remote
      ? {
          git: treeBytes(join(src.gitDir, "objects")),
          lfs: treeBytes(join(src.gitDir, "lfs", "objects")),
        }
      : null;
    installFolder(staging, target, work, force);
    return {
      client: opts.client,
      tag,
      commit: t.target,
      branch: rec.branch,
      from: src.label,
      dir: target,
      files: delivered,
      metrics: t.metrics,
      fetched,
      warnings: src.warnings,
    };
  } finally {
    if (work) removeWork(work);
  }
}
