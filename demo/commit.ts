import type { Demo } from "./setup.js";

/** `git commit` as a person types it; the installed hooks judge it. */
export function commit(d: Demo, args: string[], expect: "ok" | "fail" = "ok"): void {
  d.sh.git(["commit", "-q", ...args], { expect });
}

/** `git merge` as a person types it; pre-merge-commit and the merge drivers do their part. */
export function merge(d: Demo, args: string[]): void {
  d.sh.git(["merge", ...args]);
}
