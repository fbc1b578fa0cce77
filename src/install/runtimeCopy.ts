import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { RUNTIME_DIR } from "../io/frameworkPaths.js";
import { packageRoot } from "../io/paths.js";
import type { InstallContext } from "./context.js";

// What the drivers, mlbranch's own pre-push and `mlbranch status` need: the bundles (which hold
// every pure-JS dependency) and the files the package reads at run time; no node_modules.
const PARTS = [
  "package.json",
  "dist/bin",
  "dist/hooks",
  "dist/merge-drivers",
  "dist/chunks",
  "dist/workers",
  "dist/vendor",
  "dist/lib",
  "schema",
  "templates",
  ".gitattributes.template",
];
// Each build writes its id into the bundles: the same file means the same build.
const STAMP = "dist/merge-drivers/jsonl.bundle.cjs";

function same(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));
}

/** The runtime copy's folder in this clone (under the shared git dir). */
export function runtimeDir(ctx: InstallContext): string {
  return join(ctx.commonDir, RUNTIME_DIR);
}

/**
 * Copy the running mlbranch into the clone's git dir, replacing an older copy whole (a new
 * folder renamed into place, so a merge running meanwhile sees one build or the other).
 */
export function copyRuntime(ctx: InstallContext): void {
  const from = packageRoot();
  const to = runtimeDir(ctx);
  if (from === to) return;
  if (
    same(join(from, "package.json"), join(to, "package.json")) &&
    same(join(from, STAMP), join(to, STAMP))
  )
    return;
  const version = JSON.parse(readFileSync(join(from, "package.json"), "utf8")).version;
  ctx.changes.push(
    `${RUNTIME_DIR} (in the git dir): mlbranch ${version} copied there for the merge drivers and pre-push`,
  );
  if (ctx.dryRun) return;
  const tmp = `${to}.new-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const p of PARTS) {
    if (!existsSync(join(from, p))) continue;
    mkdirSync(dirname(join(tmp, p)), { recursive: true });
    cpSync(join(from, p), join(tmp, p), { recursive: true });
  }
  const old = `${to}.old-${process.pid}`;
  if (existsSync(to)) renameSync(to, old);
  renameSync(tmp, to);
  rmSync(old, { recursive: true, force: true });
}

/** Remove the runtime copy. */
export function removeRuntime(ctx: InstallContext): void {
  const to = runtimeDir(ctx);
  if (!existsSync(to)) return;
  ctx.changes.push(`${RUNTIME_DIR} (in the git dir): removed`);
  if (!ctx.dryRun) rmSync(to, { recursive: true, force: true });
}
