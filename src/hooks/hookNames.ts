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

/** Hooks `mlbranch hook` and the mlbranch-hook door answer: every client hook and pre-receive. */
export const HOOK_NAMES = [...HUSKY_HOOKS, "pre-receive"];
