import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { debug } from "../io/debug.js";
import { InputError, ReferenceUnreachableError } from "../io/errors.js";
import { referenceMsg } from "../io/messages/references.js";
import { runGit } from "./execGit.js";
import { cacheEnv, mirrorArgs } from "./referenceEnv.js";
import { sha1Hex } from "./sha1.js";

/** The folder holding the reference caches of the repository at `cwd`. */
export function cacheRoot(cwd: string): string {
  const dir = runGit(["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd })
    .stdout.toString("utf8")
    .trim();
  return join(dir, "mlbranch", "references");
}

/** The cache repository of one model repository (a bare partial clone, named by the URL's hash). */
export function cacheDirOf(cwd: string, repo: string): string {
  const id = sha1Hex("", Buffer.from(repo, "utf8")).slice(0, 16);
  return join(cacheRoot(cwd), `${id}.git`);
}

/** Every cache repository under `cwd`'s git directory: its URL and the revisions it holds. */
export function listCaches(cwd: string): { repo: string; dir: string; revs: string[] }[] {
  const root = cacheRoot(cwd);
  if (!existsSync(root)) return [];
  const env = cacheEnv();
  return readdirSync(root)
    .filter((n) => n.endsWith(".git"))
    .map((n) => {
      const dir = join(root, n);
      const url = runGit(["config", "remote.origin.url"], { cwd: dir, env, okCodes: [1] });
      return { repo: url.stdout.toString("utf8").trim(), dir, revs: cachedRevs(dir) };
    });
}

/** The revisions fetched into one cache repository. */
export function cachedRevs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const r = runGit(["for-each-ref", "--format=%(refname)", "refs/references/"], {
    cwd: dir,
    env: cacheEnv(),
  });
  return r.stdout
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((n) => n.slice("refs/references/".length));
}

// Made aside and renamed into place, so two hooks at once never see half a repository.
function ensureCache(dir: string, repo: string, env: NodeJS.ProcessEnv): void {
  if (existsSync(dir)) return;
  mkdirSync(join(dir, ".."), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  runGit(["init", "-q", "--bare", tmp], { cwd: join(dir, ".."), env });
  const set = (k: string, v: string) => runGit(["config", k, v], { cwd: tmp, env });
  set("core.repositoryformatversion", "1");
  set("remote.origin.url", repo);
  set("remote.origin.promisor", "true");
  set("remote.origin.partialclonefilter", "blob:none");
  set("extensions.partialclone", "origin");
  set("gc.auto", "0");
  set("fetch.writeCommitGraph", "false");
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process made it first
  }
}

/**
 * The repository as git in the cache must see it: URLs and scp-like addresses as written, a
 * relative path resolved against `cwd` (the cache repository lives elsewhere).
 */
export function absoluteRepo(cwd: string, repo: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/\\]{2,}:/.test(repo) || isAbsolute(repo))
    return repo;
  return resolve(cwd, repo);
}

/** Where a fetched revision is: the cache repository and the commit. */
export interface CachedRev {
  dir: string;
  commit: string;
  /** False when the cache already held it (no network used). */
  fetched: boolean;
  /** `-c` options (mirrors) for further git calls that may reach the server. */
  args: string[];
  env: NodeJS.ProcessEnv;
}

// git's first complaint ("'…' does not appear to be a git repository", "ssh: connect to host …"),
// not its closing boilerplate ("Please make sure you have the correct access rights…").
const firstLine = (s: string) =>
  s
    .split("\n")
    .map((l) => l.replace(/^(fatal|error): /, "").trim())
    .find(Boolean)
    ?.replace(/\.+$/, "") ?? "git failed";

/**
 * The commit of `rev` in `repo`, fetched once (shallow, without blobs) into the cache under the
 * git directory of `cwd`; later calls read it from there without any network.
 */
export function cachedRev(cwd: string, repoText: string, rev: string): CachedRev {
  const repo = absoluteRepo(cwd, repoText);
  const env = cacheEnv();
  const dir = cacheDirOf(cwd, repo);
  const args = mirrorArgs(cwd);
  const local = `refs/references/${rev}`;
  if (runGit(["check-ref-format", local], { cwd, env, okCodes: [1] }).code !== 0)
    throw new InputError(referenceMsg.badRev(rev));
  ensureCache(dir, repo, env);
  const have = () =>
    runGit(["rev-parse", "-q", "--verify", `${local}^{commit}`], { cwd: dir, env, okCodes: [1] })
      .stdout.toString("utf8")
      .trim();
  let commit = have();
  if (commit) return { dir, commit, fetched: false, args, env };
  debug(`reference: fetching ${rev} from ${repo} into ${dir}`);
  // A stalled HTTP transfer ends instead of holding the commit (ssh: ConnectTimeout above).
  const stall = ["-c", "http.lowSpeedLimit=1", "-c", "http.lowSpeedTime=30"];
  const f = runGit(
    [
      ...args,
      ...stall,
      "fetch",
      "-q",
      "--depth=1",
      "--filter=blob:none",
      "--no-tags",
      "--no-write-fetch-head",
      "origin",
      `+${rev}:${local}`,
    ],
    { cwd: dir, env, okCodes: [1, 128] },
  );
  if (f.code !== 0) {
    if (/couldn't find remote ref|no such remote ref|not our ref/i.test(f.stderr))
      throw new InputError(referenceMsg.noSuchRev(repo, rev));
    const why = firstLine(f.stderr);
    throw new ReferenceUnreachableError(referenceMsg.unreachable(repo, rev, why), repo, why);
  }
  commit = have();
  if (!commit) throw new InputError(referenceMsg.noSuchRev(repo, rev));
  return { dir, commit, fetched: true, args, env };
}

/** Make sure one blob of the cache is here, fetching only it when not (a partial clone's lazy fetch). */
export function ensureBlob(c: CachedRev, repo: string, rev: string, oid: string): boolean {
  const r = runGit([...c.args, "cat-file", "-e", oid], {
    cwd: c.dir,
    env: c.env,
    okCodes: [1, 128],
  });
  if (r.code === 0) return true;
  const why = firstLine(r.stderr);
  throw new ReferenceUnreachableError(referenceMsg.unreachable(repo, rev, why), repo, why);
}
