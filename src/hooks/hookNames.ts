/** Every client hook husky runs; mlbranch checks some and only chains the others. */
export const HUSKY_HOOKS = [
  "pre-commit",
  "pre-merge-commit",
  "prepare-commit-msg",
  "commit-msg",
  "post-commit",
  "applypatch-msg",
  "pre-applypatch",
  "post-applypatch",
  "pre-rebase",
  "post-rewrite",
  "post-checkout",
  "post-merge",
  "pre-push",
  "pre-auto-gc",
];

/** The hooks `git lfs install` writes; mlbranch runs them itself when the repository uses LFS. */
export const LFS_HOOKS = new Set(["pre-push", "post-checkout", "post-commit", "post-merge"]);

/** The hooks in which mlbranch runs the pre-commit framework when .pre-commit-config.yaml exists. */
export const FRAMEWORK_HOOKS = new Set([
  "pre-commit",
  "pre-merge-commit",
  "commit-msg",
  "pre-push",
  "post-checkout",
  "post-commit",
  "post-merge",
]);

/** Hooks `mlbranch hook` and the mlbranch-hook door answer: every client hook and pre-receive. */
export const HOOK_NAMES = [...HUSKY_HOOKS, "pre-receive"];
