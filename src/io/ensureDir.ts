import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Make a directory and its missing parents, one level at a time, or say why not (a file in the
 * way, no permission, a file system that takes no new directories such as /proc). Returns null
 * when the directory exists afterwards. Walks up by itself: recursive mkdir can spin on /proc.
 */
export function ensureDir(dir: string): string | null {
  const missing: string[] = [];
  let d = resolve(dir);
  for (;;) {
    try {
      if (!statSync(d).isDirectory()) return `${d} is a file, not a directory`;
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") return (e as Error).message;
      missing.unshift(d);
      const up = dirname(d);
      if (up === d) return `${d} cannot be created`;
      d = up;
    }
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return null;
}
