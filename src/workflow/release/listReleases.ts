import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, parseConfig } from "../../config/loadConfig.js";
import type { Config } from "../../config/types.js";
import { execGit } from "../../git/execGit.js";
import { repoRoot } from "../../git/repo.js";
import { ConfigError, MlbranchError, UsageError } from "../../io/errors.js";
import { msg } from "../../io/messages/common.js";
import { relMsg } from "../../io/messages/release.js";
import {
  at,
  blobAt,
  fetchDefaultHead,
  fetchTags,
  type ReleaseSource,
  remoteSource,
  remoteTags,
} from "./releaseSource.js";
import { type ReleaseTag, readReleaseTags, releaseNumber, tagPatterns } from "./releaseTags.js";
import { removeWork } from "./releaseTarget.js";

const CLIENT = /^[A-Za-z0-9._]+(?:-[A-Za-z0-9._]+)*$/;

/** Refuse a client id that cannot be a tag prefix. */
export function checkClient(client: string): void {
  if (!CLIENT.test(client)) throw new UsageError(relMsg.badClient(client));
}

/** The config at `rev` of the source (fetching its mlbranch.json blob); defaults when absent. */
export function configAt(src: ReleaseSource, rev: string): Config {
  const text = blobAt(src, rev, "mlbranch.json")?.toString("utf8");
  const source = `${src.label} ${rev}:mlbranch.json`;
  const { config, errors } = parseConfig(text, text === undefined ? "defaults" : source);
  if (!config) throw new ConfigError(msg.configInvalid(source, errors), errors);
  return config;
}

/** Open a source: a temporary partial clone of `from` under `parent`, or this repository. */
export function openSource(
  cwd: string,
  from: string | undefined,
  parent: string | null,
  lfsUrl?: string,
): { src: ReleaseSource; config: Config; work: string | null } {
  if (from === undefined) {
    const root = repoRoot(cwd);
    return {
      src: { gitDir: root, label: "this repository", remote: false, warnings: [] },
      config: loadConfig(root),
      work: null,
    };
  }
  const work = mkdtempSync(
    join(parent ?? tmpdir(), parent ? ".mlbranch-release-" : "mlbranch-release-"),
  );
  try {
    const src = remoteSource(join(work, "git"), from, cwd, lfsUrl);
    // The default branch's config is the repository's word on its tag patterns (as on a server).
    const head = fetchDefaultHead(src);
    return {
      src,
      config: head ? configAt(src, head) : parseConfig(undefined, "defaults").config!,
      work,
    };
  } catch (e) {
    removeWork(work);
    throw e;
  }
}

/** The names of the client's release tags the source has, with their tag object ids. */
export function releaseNames(
  src: ReleaseSource,
  client: string,
  patterns: string[],
): Map<string, string> {
  const out = new Map<string, string>();
  if (src.remote) {
    for (const [name, t] of remoteTags(src))
      if (releaseNumber(name, client, patterns) !== null) out.set(name, t.object);
  } else {
    const refs = execGit(
      ["for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/tags"],
      at(src),
    );
    for (const line of refs ? refs.split("\n") : []) {
      const [name, oid] = line.split(" ");
      if (releaseNumber(name, client, patterns) !== null) out.set(name, oid);
    }
  }
  return out;
}

/** `mlbranch release <client>`: the client's release tags, newest first, with their metrics. */
export function listReleases(opts: { cwd: string; client: string; from?: string }): {
  client: string;
  from: string;
  tags: ReleaseTag[];
  warnings: string[];
} {
  checkClient(opts.client);
  const { src, config, work } = openSource(opts.cwd, opts.from, null);
  try {
    const patterns = tagPatterns(config);
    if (!patterns.length) throw new MlbranchError(relMsg.noTagPattern());
    const names = [...releaseNames(src, opts.client, patterns).keys()];
    if (!names.length) throw new MlbranchError(relMsg.noReleases(opts.client, src.label));
    // Only the tag objects and their commits: the messages hold the release records.
    fetchTags(src, names, "tree:0");
    const tags = readReleaseTags(src, opts.client, patterns, names);
    return { client: opts.client, from: src.label, tags, warnings: src.warnings };
  } finally {
    if (work) removeWork(work);
  }
}
