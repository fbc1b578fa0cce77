import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { packageFile, packageRoot } from "../io/paths.js";

// What the server hook and the CLI need at run time: the bundles (they carry their own
// dependencies), the lazily loaded vendor code, the drift worker, schema and templates. No
// node_modules: nothing in an admin's clone is needed after the install.
const PARTS = [
  "package.json",
  "LICENSE",
  "dist/hooks/pre-receive.js",
  "dist/hooks/pre-receive.bundle.cjs",
  "dist/hooks/package.json",
  "dist/hooks/codeCache.cjs",
  "dist/bin",
  "dist/chunks",
  "dist/workers",
  "dist/vendor",
  "dist/THIRD_PARTY_NOTICES.md",
  "schema",
  "templates",
  ".gitattributes.template",
];

/** The version of the mlbranch that is running. */
export function runningVersion(): string {
  return JSON.parse(readFileSync(packageFile("package.json"), "utf8")).version;
}

/** The version of mlbranch copied into `dir`, or null when none is there. */
export function installedVersion(dir: string): string | null {
  const pj = join(dir, "package.json");
  if (!existsSync(pj)) return null;
  try {
    const p = JSON.parse(readFileSync(pj, "utf8"));
    return p.name === "mlbranch" ? String(p.version) : null;
  } catch {
    return null;
  }
}

/** True when `dir` holds the very build that is running (same version, same hook bundle). */
export function sameBuild(dir: string): boolean {
  if (installedVersion(dir) !== runningVersion()) return false;
  const bundle = join("dist", "hooks", "pre-receive.bundle.cjs");
  const there = join(dir, bundle);
  return existsSync(there) && readFileSync(there).equals(readFileSync(packageFile(bundle)));
}

/** The pre-receive entry inside an install folder. */
export const hookEntry = (dir: string): string => join(dir, "dist", "hooks", "pre-receive.js");

/**
 * Copy the running mlbranch into `dir` (a bare repository's mlbranch/ folder, or a shared folder
 * such as /opt/mlbranch): written beside it first and swapped in with renames, so a push that
 * runs meanwhile finds the old copy or the new one, never half of one. The hook then depends on
 * nothing else of the machine than node.
 */
export function copyPackage(dir: string): void {
  if (packageRoot() === dir) return; // re-run from the installed copy itself: it is there
  const fresh = `${dir}.new-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  for (const part of PARTS) {
    const from = packageFile(part);
    if (!existsSync(from)) continue;
    mkdirSync(dirname(join(fresh, part)), { recursive: true });
    cpSync(from, join(fresh, part), { recursive: true });
  }
  mkdirSync(dirname(dir), { recursive: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(fresh, dir);
  rmSync(old, { recursive: true, force: true });
}
