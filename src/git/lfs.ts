import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isLfsPointer } from "./blobs.js";
import { execGit, runGit } from "./execGit.js";
import { lfsStoreFile, serverLfsStores } from "./lfsStore.js";

/** The real content behind an LFS pointer (`git lfs smudge`), or null when it cannot be had. */
export function lfsContent(cwd: string, pointer: Buffer, path: string): Buffer | null {
  if (!isLfsPointer(pointer)) return pointer;
  try {
    const r = runGit(["lfs", "smudge", "--", path], {
      cwd,
      input: pointer,
      okCodes: [1, 2, 128],
      env: { ...process.env, GIT_LFS_SKIP_SMUDGE: "0" },
    });
    if (r.code !== 0 || isLfsPointer(r.stdout)) return null;
    return r.stdout;
  } catch {
    return null;
  }
}

/** Store content as an LFS object (`git lfs clean`) and return its pointer. */
export function lfsClean(cwd: string, content: Buffer, path: string): Buffer {
  return runGit(["lfs", "clean", "--", path], { cwd, input: content }).stdout;
}

/** The sha256 object id a Git LFS pointer names, or null when the bytes are not a pointer. */
export function lfsPointerOid(buf: Buffer): string | null {
  if (!isLfsPointer(buf)) return null;
  return /^oid sha256:([0-9a-f]{64})$/m.exec(buf.toString("utf8"))?.[1] ?? null;
}

/** The object id and size a Git LFS pointer names, or null when the bytes are not a pointer. */
export function lfsPointer(buf: Buffer): { oid: string; size: number } | null {
  const oid = lfsPointerOid(buf);
  const size = /^size (\d+)$/m.exec(buf.toString("utf8"))?.[1];
  return oid && size !== undefined ? { oid, size: Number(size) } : null;
}

// lfs/objects/ab/cd/abcd… under a git dir (a bare remote's, or a clone's .git).
const objectPath = (gitDir: string, oid: string) =>
  join(gitDir, "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
const objectIn = (gitDir: string, oid: string) => existsSync(objectPath(gitDir, oid));

const commonDirs = new Map<string, string>();

function commonDir(cwd: string): string {
  let dir = commonDirs.get(cwd);
  if (dir === undefined) {
    dir = resolve(cwd, execGit(["rev-parse", "--git-common-dir"], { cwd }));
    commonDirs.set(cwd, dir);
  }
  return dir;
}

const storages = new Map<string, string | null>();

// The folder `lfs.storage` names instead of <git dir>/lfs (relative to the common git dir, as
// git-lfs reads it), or null: asked only when the usual place lacks an object.
function storageDir(cwd: string): string | null {
  let dir = storages.get(cwd);
  if (dir === undefined) {
    const r = runGit(["config", "--get", "lfs.storage"], { cwd, okCodes: [1] });
    const named = r.code === 0 ? r.stdout.toString("utf8").trim() : "";
    dir = named ? resolve(commonDir(cwd), named) : null;
    storages.set(cwd, dir);
  }
  return dir;
}

// This clone's own store: <common git dir>/lfs/objects, or <lfs.storage>/objects.
function localObjectFile(cwd: string, oid: string): string | null {
  const file = objectPath(commonDir(cwd), oid);
  if (existsSync(file)) return file;
  const storage = storageDir(cwd);
  if (!storage) return null;
  const other = join(storage, "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
  return existsSync(other) ? other : null;
}

/** True when this clone's LFS store has the object (git-lfs keeps it under the common git dir). */
export function lfsObjectHere(cwd: string, oid: string): boolean {
  return localObjectFile(cwd, oid) !== null;
}

/**
 * The file holding an LFS object in this repository's own store (`lfs.storage` honoured) or, in
 * a bare (server) repository, in a store the admin named (see serverLfsStores); null when it is
 * not there.
 */
export function lfsObjectFile(cwd: string, oid: string): string | null {
  const file = localObjectFile(cwd, oid);
  if (file) return file;
  for (const store of serverLfsStores(cwd)) {
    const hit = lfsStoreFile(store, oid);
    if (hit) return hit;
  }
  return null;
}

// A remote URL that is a path on this machine (file://, /srv/x.git, ../x.git, C:\\x), else null.
function localPath(url: string): string | null {
  if (url.startsWith("file://")) return url.slice("file://".length);
  if (/^[A-Za-z]:[\\/]/.test(url)) return url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+:/.test(url)) return null;
  return url || null;
}

/**
 * Whether a remote of this clone has the object: true or false for remotes that are paths on
 * this machine (git-lfs stores their objects in <remote>/lfs/objects), null when no remote can
 * be asked without the network (the caller says it could not check).
 */
export function lfsObjectOnRemotes(cwd: string, oid: string): boolean | null {
  const r = runGit(["config", "--get-regexp", "^remote\\..*\\.url$"], { cwd, okCodes: [1] });
  let asked = false;
  for (const line of r.stdout.toString("utf8").split("\n")) {
    const path = localPath(line.slice(line.indexOf(" ") + 1).trim());
    if (!line || !path) continue;
    asked = true;
    const dir = resolve(cwd, path);
    if (objectIn(dir, oid) || objectIn(join(dir, ".git"), oid)) return true;
  }
  return asked ? false : null;
}

/** True when a hook script already runs Git LFS (LFS's own hooks, or a user's line). */
export const RUNS_LFS = /\bgit[ -]lfs\b/;

/**
 * True when the repository uses Git LFS: filter.lfs is set in this clone's config (`git lfs
 * install --local`, or a clone by git-lfs), or a .gitattributes file gives some path filter=lfs
 * (`git lfs track`).
 */
export function lfsInUse(root: string): boolean {
  if (attributesMention(root, "filter=lfs")) return true;
  // This clone's config only: a global `git lfs install` sets filter.lfs for every repository.
  const cfg = runGit(["config", "--local", "--get-regexp", "^filter\\.lfs\\."], {
    cwd: root,
    okCodes: [1],
  });
  return cfg.code === 0 && cfg.stdout.length > 0;
}

/** True when the top .gitattributes or a committed nested one contains `text`. */
export function attributesMention(root: string, text: string): boolean {
  const top = join(root, ".gitattributes");
  if (existsSync(top) && readFileSync(top, "utf8").includes(text)) return true;
  const nested = runGit(["grep", "-q", "--cached", "-F", text, "--", "*.gitattributes"], {
    cwd: root,
    okCodes: [1, 128],
  });
  return nested.code === 0;
}
