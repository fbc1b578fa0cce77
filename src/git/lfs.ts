import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isLfsPointer } from "./blobs.js";
import { runGit } from "./execGit.js";

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
