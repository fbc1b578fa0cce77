import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { execGit } from "../git/execGit.js";
import { repoRoot } from "../git/repo.js";

/** Where an install happens and what it has changed so far. */
export interface InstallContext {
  /** Work tree root (`git rev-parse --show-toplevel`). */
  root: string;
  /** Folder holding package.json and node_modules (the root unless --package-dir). */
  pkgDir: string;
  /** pkgDir relative to root, "" or ending in "/", for paths in hooks and driver commands. */
  pkgPrefix: string;
  /** The shared git dir (linked worktrees share it with the main one). */
  commonDir: string;
  dryRun: boolean;
  /** One line per change made (or that would be made with --dry-run). */
  changes: string[];
  env: NodeJS.ProcessEnv;
}

/** The nearest folder from `start` up to `root` that has a package.json; `root` when none has. */
export function findPackageDir(start: string, root: string): string {
  let dir = start;
  while (dir.startsWith(root)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dir === root) break;
    dir = dirname(dir);
  }
  return root;
}

/** Resolve root, package folder and git dir for an install run from `cwd`. */
export function installContext(opts: {
  cwd: string;
  packageDir?: string;
  dryRun: boolean;
  env: NodeJS.ProcessEnv;
}): InstallContext {
  const root = repoRoot(opts.cwd);
  const pkgDir = opts.packageDir
    ? resolve(opts.cwd, opts.packageDir)
    : findPackageDir(resolve(opts.cwd), root);
  const rel = relative(root, pkgDir).split("\\").join("/");
  const commonDir = resolve(
    root,
    execGit(["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: root }),
  );
  return {
    root,
    pkgDir,
    pkgPrefix: rel ? `${rel}/` : "",
    commonDir,
    dryRun: opts.dryRun,
    changes: [],
    env: opts.env,
  };
}

/** Read a text file, or undefined when it does not exist. */
export function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** Write `content` when it differs from what is there; records `what` as a change. */
export function writeIfChanged(
  ctx: InstallContext,
  path: string,
  content: string,
  what: string,
  mode?: number,
): boolean {
  if (readText(path) === content) return false;
  ctx.changes.push(what);
  if (!ctx.dryRun) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content, mode === undefined ? undefined : { mode });
  }
  return true;
}

/** Remove a file if present; records `what` as a change. */
export function removeIfPresent(ctx: InstallContext, path: string, what: string): boolean {
  if (!existsSync(path)) return false;
  ctx.changes.push(what);
  if (!ctx.dryRun) rmSync(path, { recursive: true, force: true });
  return true;
}

/** Path relative to the root, for messages. */
export function rel(ctx: InstallContext, path: string): string {
  return relative(ctx.root, path).split("\\").join("/") || ".";
}
