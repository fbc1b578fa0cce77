// The pre-commit framework route (mlbranch's hooks from .pre-commit-hooks.yaml): what
// `mlbranch init --framework` puts in a clone, named once for the installer, the hooks and status.

/**
 * A copy of mlbranch inside the clone's git dir (`<common dir>/mlbranch/runtime`): the merge
 * drivers and mlbranch's own pre-push run from it, so they outlive the framework's cache
 * (`pre-commit clean`, a moved PRE_COMMIT_HOME) and need no package.json or node_modules.
 */
export const RUNTIME_DIR = "mlbranch/runtime";

/**
 * The runtime folder as a shell word, resolved when git runs a driver or hook (git runs both at
 * the top of the work tree; a linked worktree's git dir differs from the main one's).
 */
export const RUNTIME_SHELL = `"$(git rev-parse --git-common-dir)/${RUNTIME_DIR}"`;

/**
 * The framework runs `<hooks>/pre-push.legacy` first with git's own stdin (every pushed ref),
 * then its hooks with one ref: mlbranch's own pre-push goes there.
 */
export const LEGACY_PRE_PUSH = "pre-push.legacy";

/** The line that marks files mlbranch wrote for the framework route. */
export const FRAMEWORK_MARK = "mlbranch: own pre-push for the pre-commit framework";

/** Set by that pre-push: mlbranch's checks only (no framework, no chained hook). */
export const OWN_PRE_PUSH_ENV = "MLBRANCH_OWN_PRE_PUSH";

/** The one command that sets a clone up on the framework route. */
export const SETUP_COMMAND = "pre-commit run mlbranch-setup --hook-stage manual";

/** The hook ids mlbranch ships in .pre-commit-hooks.yaml. */
export const FRAMEWORK_HOOK_IDS = {
  "pre-commit": "mlbranch",
  "commit-msg": "mlbranch-commit-msg",
  "pre-push": "mlbranch-pre-push",
} as const;
