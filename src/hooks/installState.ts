import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** What this clone had before the first install, so --uninstall can put it back. */
export interface InstallState {
  version: 1;
  /** core.hooksPath before mlbranch (null: unset, so .git/hooks was in use). */
  previousHooksPath: string | null;
  createdPackageJson: boolean;
  addedDevDependency: boolean;
  /** The prepare script before mlbranch extended it (null: there was none). */
  prepareBefore: string | null;
}

/** The state file, per clone (shared by linked worktrees). */
export function statePath(commonDir: string): string {
  return join(commonDir, "mlbranch", "install.json");
}

/** The recorded state, or null before the first install. */
export function readState(commonDir: string): InstallState | null {
  const p = statePath(commonDir);
  if (!existsSync(p)) return null;
  try {
    return JSON.parse(readFileSync(p, "utf8")) as InstallState;
  } catch {
    return null;
  }
}

/** Record the state (first install only: later runs must not forget what was there). */
export function writeState(commonDir: string, state: InstallState): void {
  const p = statePath(commonDir);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, `${JSON.stringify(state, null, 2)}\n`);
}

/** Forget the state after an uninstall. */
export function removeState(commonDir: string): void {
  rmSync(statePath(commonDir), { force: true });
}
