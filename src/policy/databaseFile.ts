import { join } from "node:path";
import { changedInWorktree } from "../git/appendProofs.js";
import { BlobFiles } from "../merge/sqlite/blobFiles.js";
import type { RuleContext } from "./types.js";

/**
 * The database version `oid` of `path` as a file SQLite opens read-only (see BlobFiles), read at
 * most once per check whichever rule or parent asks; null when it is no SQLite file or its LFS
 * object is not to be had (`BlobFiles.of(…).lfsMissing(oid)` tells which).
 */
export function databaseFile(ctx: RuleContext, oid: string, path: string): string | null {
  return BlobFiles.of(ctx.cwd, ctx.blobs).file(oid, path, () => stagedFile(ctx, oid, path));
}

// The commit being made: its staged database is the work tree file itself when git sees no
// change there since `git add` (stat data, content when racy), so it is opened in place.
function stagedFile(ctx: RuleContext, oid: string, path: string): string | undefined {
  if (!ctx.staged || ctx.commit) return undefined;
  const c = ctx.changes.find((ch) => ch.path === path && ch.newOid === oid);
  if (!c?.newMode?.startsWith("100")) return undefined;
  return changedInWorktree(ctx.cwd, [path]).has(path) ? undefined : join(ctx.cwd, path);
}
