import { existsSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { cleanGitEnv, execGit, execGitBuffer, runGit } from "../../git/execGit.js";
import { MlbranchError } from "../../io/errors.js";
import { relMsg } from "../../io/messages/release.js";

/** Where releases are read from: this repository, or a temporary partial clone of a URL. */
export interface ReleaseSource {
  /** The repository whose objects are read (a working clone, or the temporary bare one). */
  gitDir: string;
  /** The URL as given (or "this repository"). */
  label: string;
  /** True for a URL: objects must be fetched before they are read. */
  remote: boolean;
  /** Warnings to show (e.g. a server that ignored the filter). */
  warnings: string[];
  /** The environment of its git calls (a URL's clone: the caller's GIT_DIR & co. removed). */
  env?: NodeJS.ProcessEnv;
}

/** cwd and environment of a git call in the source's repository. */
export const at = (src: { gitDir: string; env?: NodeJS.ProcessEnv }) => ({
  cwd: src.gitDir,
  env: src.env,
});

// A path on this machine becomes an absolute file:// URL: git-lfs then reads its LFS store with
// its standalone file adapter, and the temporary clone can live anywhere.
function normalizeUrl(from: string, cwd: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(from) || /^[^/\\]+@[^/\\]+:/.test(from)) return from;
  const path = isAbsolute(from) ? from : resolve(cwd, from);
  return existsSync(path) ? pathToFileURL(path).href : from;
}

/**
 * An empty bare repository at `dir` set up as a partial clone of `from` (blobs fetched only when
 * asked), with `lfsUrl` as its LFS server when given.
 */
export function remoteSource(
  dir: string,
  from: string,
  cwd: string,
  lfsUrl?: string,
): ReleaseSource {
  const url = normalizeUrl(from, cwd);
  const env = cleanGitEnv();
  execGit(["init", "-q", "--bare", dir], { cwd, env });
  const set = (k: string, v: string) => execGit(["config", k, v], { cwd: dir, env });
  set("remote.origin.url", url);
  set("remote.origin.promisor", "true");
  set("remote.origin.partialclonefilter", "blob:none");
  set("core.repositoryformatversion", "1");
  set("extensions.partialclone", "origin");
  if (lfsUrl) set("lfs.url", normalizeUrl(lfsUrl, cwd));
  // A repository on this machine is served by an upload-pack this command starts: let it filter.
  if (url.startsWith("file://"))
    set("remote.origin.uploadpack", "git -c uploadpack.allowFilter=true upload-pack");
  return { gitDir: dir, label: from, remote: true, warnings: [], env };
}

/** Release tags the server has: name -> { object (the tag object), peeled (its commit) }. */
export function remoteTags(
  src: ReleaseSource,
): Map<string, { object: string; peeled: string | null }> {
  const r = runGit(["ls-remote", "--tags", "origin"], { ...at(src), okCodes: [128, 2] });
  if (r.code !== 0) throw new MlbranchError(relMsg.fetchFailed(src.label, r.stderr));
  const out = new Map<string, { object: string; peeled: string | null }>();
  for (const line of r.stdout.toString("utf8").split("\n")) {
    const [oid, ref] = line.split("\t");
    if (!ref?.startsWith("refs/tags/")) continue;
    const peeled = ref.endsWith("^{}");
    const name = ref.slice("refs/tags/".length, peeled ? -3 : undefined);
    const e = out.get(name) ?? { object: "", peeled: null };
    if (peeled) e.peeled = oid;
    else e.object = oid;
    out.set(name, e);
  }
  return out;
}

/**
 * Fetch tags with their commits only (depth 1), and with `filter` (tree:0 for the messages,
 * blob:none for the trees too); says so when the server ignored the filter.
 */
export function fetchTags(src: ReleaseSource, names: string[], filter: string): void {
  if (!src.remote || !names.length) return;
  const r = runGit(
    [
      "fetch",
      "--depth=1",
      `--filter=${filter}`,
      "--no-tags",
      "--no-write-fetch-head",
      "--recurse-submodules=no",
      "origin",
      ...names.map((n) => `+refs/tags/${n}:refs/tags/${n}`),
    ],
    { ...at(src), okCodes: [1, 128] },
  );
  if (r.code !== 0) throw new MlbranchError(relMsg.fetchFailed(src.label, r.stderr));
  if (/filtering not recognized by server/.test(r.stderr))
    src.warnings.push(relMsg.filterIgnored(src.label));
}

/** Fetch exactly these blobs (as a partial clone's lazy fetch does, in one round trip). */
export function fetchBlobs(src: ReleaseSource, oids: string[]): void {
  if (!src.remote || !oids.length) return;
  const r = runGit(
    [
      "-c",
      "fetch.negotiationAlgorithm=noop",
      "fetch",
      "origin",
      "--no-tags",
      "--no-write-fetch-head",
      "--recurse-submodules=no",
      "--filter=blob:none",
      "--stdin",
    ],
    { ...at(src), input: `${oids.join("\n")}\n`, okCodes: [1, 128] },
  );
  if (r.code !== 0) throw new MlbranchError(relMsg.fetchFailed(src.label, r.stderr));
}

/** Fetch the default branch's tip with its root tree only (for its mlbranch.json); null if none. */
export function fetchDefaultHead(src: ReleaseSource): string | null {
  const r = runGit(
    [
      "fetch",
      "--depth=1",
      "--filter=tree:1",
      "--no-tags",
      "--no-write-fetch-head",
      "origin",
      "+HEAD:refs/mlbranch/head",
    ],
    { ...at(src), okCodes: [1, 128] },
  );
  return r.code === 0 ? "refs/mlbranch/head" : null;
}

/** The bytes of `path` at `rev` (its blob fetched when missing), or null when absent. */
export function blobAt(src: ReleaseSource, rev: string, path: string): Buffer | null {
  const r = runGit(["ls-tree", "-z", rev, "--", path], { ...at(src), okCodes: [128] });
  const oid = r.code === 0 ? /^\S+ blob (\S+)\t/.exec(r.stdout.toString("utf8"))?.[1] : undefined;
  if (!oid) return null;
  fetchBlobs(src, [oid]);
  return execGitBuffer(["cat-file", "blob", oid], at(src));
}

/**
 * The release's .lfsconfig lfs.url as the temporary clone's LFS server, as git-lfs honours it in
 * a clone (a --lfs-url given on the command line wins).
 */
export function useLfsConfig(src: ReleaseSource, rev: string): void {
  if (!src.remote) return;
  const set = runGit(["config", "--get", "lfs.url"], { ...at(src), okCodes: [1] });
  if (set.code === 0) return;
  const text = blobAt(src, rev, ".lfsconfig");
  if (!text) return;
  const file = join(src.gitDir, "lfsconfig-of-release");
  writeFileSync(file, text);
  const url = runGit(["config", "--file", file, "--get", "lfs.url"], {
    ...at(src),
    okCodes: [1],
  });
  const value = url.stdout.toString("utf8").trim();
  if (url.code === 0 && value) execGit(["config", "lfs.url", value], at(src));
}
