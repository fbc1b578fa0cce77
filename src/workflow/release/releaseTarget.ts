import {
  type Dirent,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { MlbranchError } from "../../io/errors.js";
import { relMsg } from "../../io/messages/release.js";

/** Refuse a target that is a file, or a non-empty folder without `force`. */
export function checkTarget(target: string, force: boolean): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(target);
  } catch {
    return; // absent: made at the end
  }
  if (!st.isDirectory()) throw new MlbranchError(relMsg.targetNotDir(target));
  if (!force && readdirSync(target).length) throw new MlbranchError(relMsg.targetNotEmpty(target));
}

/** A fresh hidden work folder beside `target` (same file system, so the end is one rename). */
export function workDirBeside(target: string): string {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `.${basename(target)}.mlbranch-release-`));
}

/**
 * Put the finished `staging` folder at `target` by renames: an existing (empty, or --force)
 * target is moved into `work` first and put back if the last rename fails.
 */
export function installFolder(staging: string, target: string, work: string, force: boolean) {
  checkTarget(target, force);
  let old: string | null = null;
  try {
    statSync(target);
    old = join(work, "previous");
    renameSync(target, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  try {
    renameSync(staging, target);
  } catch (e) {
    if (old) renameSync(old, target);
    throw e;
  }
}

/** Remove the work folder (the temporary clone, a replaced target), whatever happened. */
export function removeWork(work: string): void {
  rmSync(work, { recursive: true, force: true });
}

/** Bytes of every file under `dir` (du of a store), 0 when absent. */
export function treeBytes(dir: string): number {
  let total = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += treeBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}
