import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The installed package's root folder (works from src/ under vitest and from dist/). */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj) && JSON.parse(readFileSync(pj, "utf8")).name === "mlbranch") {
      root = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("mlbranch: cannot find the package root (package.json)");
    dir = up;
  }
}

/** Absolute path of a file shipped in the package (schema/, templates/). */
export function packageFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/**
 * Where mlbranch keeps what it derives once and reuses on every hook run (compiled globs):
 * node_modules/.cache/mlbranch, beside the installed package or in a checkout's own node_modules.
 */
export function cacheDir(): string {
  const r = packageRoot();
  return basename(dirname(r)) === "node_modules"
    ? join(dirname(r), ".cache", "mlbranch")
    : join(r, "node_modules", ".cache", "mlbranch");
}
