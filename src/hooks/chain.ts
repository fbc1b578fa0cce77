import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { chainedHooksDir } from "./chainDir.js";
import { readState } from "./installState.js";

/** Set while a chained hook runs, so a hook that calls back into us does not loop. */
export const CHAIN_ENV = "MLBRANCH_CHAINED_HOOK";

/** True when `path` is a file git would run as a hook. */
export function executable(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isFile() && (s.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The hook git ran before mlbranch for `name` in this clone, or null. */
export function chainedHook(root: string, commonDir: string, name: string): string | null {
  const state = readState(commonDir);
  const dir = chainedHooksDir(root, commonDir, state?.previousHooksPath ?? null);
  const path = dir ? join(dir, name) : null;
  return path && executable(path) ? path : null;
}

/**
 * Run a chained hook with git's arguments, and its stdin when given (pre-push: read once, so
 * `git lfs pre-push` still sees every ref and uploads). Returns its exit code.
 */
export function runChained(
  path: string,
  name: string,
  args: string[],
  opts: { cwd: string; input?: string; env: NodeJS.ProcessEnv },
): number {
  const r = spawnSync(path, args, {
    cwd: opts.cwd,
    input: opts.input,
    stdio: [opts.input === undefined ? "inherit" : "pipe", "inherit", "inherit"],
    env: { ...opts.env, [CHAIN_ENV]: name },
  });
  if (r.error) return 127;
  return r.status ?? 1;
}
