import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import type { Change } from "../git/changes.js";
import { packageRoot } from "../io/paths.js";
import { LINT_STAGED_FILE, matchingPaths } from "./lintStagedPaths.js";

/**
 * Run lint-staged with mlbranch's entries, only when a staged file matches one (lint-staged
 * costs ~130 ms even with nothing to do). Returns its exit code (0 when it did not run).
 */
export function runLintStaged(root: string, changes: Change[], env: NodeJS.ProcessEnv): number {
  const file = join(root, LINT_STAGED_FILE);
  if (!existsSync(file)) return 0;
  let entries: Record<string, string>;
  try {
    entries = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return 0;
  }
  const staged = changes.filter((c) => c.newOid !== null).map((c) => c.path);
  if (!matchingPaths(entries, staged).length) return 0;
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve("lint-staged/package.json");
  const bin = JSON.parse(readFileSync(pkgFile, "utf8")).bin;
  const entry = join(dirname(pkgFile), typeof bin === "string" ? bin : bin["lint-staged"]);
  // `mlbranch validate` must resolve even in a linked worktree without node_modules.
  const binDir = join(dirname(packageRoot()), ".bin");
  const r = spawnSync(process.execPath, [entry, "--config", file, "--quiet"], {
    cwd: root,
    stdio: "inherit",
    env: { ...env, PATH: `${binDir}${delimiter}${env.PATH ?? ""}` },
  });
  return r.status ?? 1;
}
