import { chmodSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, type Repo, run, testEnv } from "./withRepo.js";

/** The built installer (npm test builds first). */
export const INSTALLER = join(PROJECT_ROOT, "dist", "bin", "install-ml-hooks.js");

/** testEnv with hooks on (testEnv sets HUSKY=0 for everyone else's tests). */
export function hooksEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = testEnv(extra);
  if (!("HUSKY" in extra)) delete env.HUSKY;
  return env;
}

/** Make `dir` look like `npm install mlbranch` ran there: node_modules/mlbranch and its bins. */
export function linkPackage(dir: string): void {
  const nm = join(dir, "node_modules");
  mkdirSync(join(nm, ".bin"), { recursive: true });
  symlinkSync(PROJECT_ROOT, join(nm, "mlbranch"), "dir");
  for (const [bin, file] of [
    ["mlbranch", "mlbranch.js"],
    ["mlbranch-hook", "mlbranch-hook.js"],
    ["install-ml-hooks", "install-ml-hooks.js"],
  ]) {
    symlinkSync(join("..", "mlbranch", "dist", "bin", file), join(nm, ".bin", bin));
    // npm makes bins executable on install; tsc output is not.
    chmodSync(join(PROJECT_ROOT, "dist", "bin", file), 0o755);
  }
}

/** Run the installer in `cwd` (default: the repository root) with hooks enabled. */
export function installHooks(
  repo: Repo,
  args: string[] = [],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  return run(process.execPath, [INSTALLER, ...args], opts.cwd ?? repo.dir, {
    env: opts.env ?? hooksEnv(),
  });
}

/** git with hooks enabled (repo.git runs with HUSKY=0). */
export function gitHooks(
  repo: Repo,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  return run("git", args, opts.cwd ?? repo.dir, { env: opts.env ?? hooksEnv() });
}
