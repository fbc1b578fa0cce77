import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { matchesAny } from "../../config/globs.js";
import type { NewSource } from "../../git/appendProof.js";
import { changedInWorktree } from "../../git/appendProofs.js";
import { isLfsPointer } from "../../git/blobs.js";
import { execGitBuffer } from "../../git/execGit.js";
import { lfsObjectFile, lfsPointer } from "../../git/lfs.js";
import type { OldIdentity } from "../../git/prefixJudge.js";
import type { RuleContext } from "../types.js";
import type { TreeFile } from "./treeFiles.js";

/** One version of a split file: where its bytes are, and the id its content is named by. */
export interface Version {
  path: string;
  /** The git blob id (of the pointer, for a Git LFS file). */
  oid: string;
  /** The content's size (the LFS object's, for a pointer). */
  size: number;
  /** How a prefix of another version is proven to be this one (hash of its first bytes). */
  identity: OldIdentity;
  /** Where to read it; null for an LFS object that is not in a local store. */
  source: NewSource | null;
  /** For such an object, its pointer: `git lfs smudge` may still fetch it (held whole then). */
  pointer?: Buffer;
  /** A work tree file git sees unchanged since `git add`, of the blob's size (pre-commit). */
  worktree?: string;
}

// Blobs under this size may be Git LFS pointers (~130 bytes); they are read to know.
const MAX_POINTER = 1024;

/**
 * Sizes, pointers and sources of these blobs: one batch-check, small blobs read once. The first
 * `staged` files are the index's (their work tree files may be read instead, see Version).
 */
export async function versionsOf(
  ctx: RuleContext,
  files: TreeFile[],
  staged = 0,
): Promise<Version[]> {
  const sizes = ctx.blobs.sizeOf(files.map((f) => f.oid));
  await ctx.blobs.prefetch(
    files.filter((f) => (sizes.get(f.oid) ?? 0) < MAX_POINTER).map((f) => f.oid),
  );
  // A staged file is read from the work tree when git sees no change there since `git add` and
  // its size is the blob's (as the append proofs do; a line-ending conversion changes the size).
  const sameSize = files.slice(0, staged).filter((f) => {
    const wt = join(ctx.cwd, f.path);
    return ctx.staged && existsSync(wt) && statSync(wt).size === (sizes.get(f.oid) ?? -1);
  });
  const dirty = changedInWorktree(
    ctx.cwd,
    sameSize.map((f) => f.path),
    ctx.env,
  );
  const clean = new Set(sameSize.filter((f) => !dirty.has(f.path)).map((f) => f.path));
  return files.map((f, i) => {
    const size = sizes.get(f.oid) ?? 0;
    const raw = size < MAX_POINTER ? ctx.blobs.read(f.oid) : null;
    const p = raw && isLfsPointer(raw) ? lfsPointer(raw) : null;
    if (p) {
      const file = lfsObjectFile(ctx.cwd, p.oid);
      // A stored object of another size than its pointer names is not that object.
      const ok = file !== null && statSync(file).size === p.size;
      return {
        path: f.path,
        oid: f.oid,
        size: p.size,
        identity: { oid: p.oid, size: p.size, lfs: true },
        source: ok ? { file, size: p.size } : null,
        pointer: ok ? undefined : raw!,
      };
    }
    const worktree = i < staged && clean.has(f.path) ? join(ctx.cwd, f.path) : undefined;
    return {
      path: f.path,
      oid: f.oid,
      size,
      identity: { oid: f.oid, size, lfs: false },
      source: { blob: f.oid, size, cwd: ctx.cwd },
      worktree,
    };
  });
}

/**
 * Every version of a split file ever committed in the history of these commits (`git log -m
 * --raw`), once per path and blob: an id deleted and later re-added elsewhere still counts.
 */
export function historyFiles(ctx: RuleContext, globs: string[], revs: string[]): TreeFile[] {
  if (!revs.length) return [];
  const args = ["log", "-m", "--format=", "--raw", "-z", "--no-abbrev", "--no-renames", ...revs];
  const tokens = execGitBuffer(args, { cwd: ctx.cwd }).toString("utf8").split("\0");
  const seen = new Set<string>();
  const files: TreeFile[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].replace(/^\n+/, "");
    if (!t.startsWith(":")) continue;
    const path = tokens[++i];
    const [, mode, , oid] = t.slice(1).split(" ");
    if (/^0+$/.test(oid) || mode === "160000" || !matchesAny(path, globs)) continue;
    if (!seen.has(`${oid} ${path}`)) {
      seen.add(`${oid} ${path}`);
      files.push({ path, oid, mode });
    }
  }
  return files;
}
