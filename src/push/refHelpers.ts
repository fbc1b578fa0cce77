import { runGit } from "../git/execGit.js";
import type { Violation } from "../policy/types.js";

/** True when this repository has the commit. */
export function has(cwd: string, sha: string): boolean {
  return runGit(["cat-file", "-e", `${sha}^{commit}`], { cwd, okCodes: [1, 128] }).code === 0;
}

/** True when commit a is an ancestor of (or equal to) b. */
export function isAncestor(cwd: string, a: string, b: string): boolean {
  return runGit(["merge-base", "--is-ancestor", a, b], { cwd, okCodes: [1, 128] }).code === 0;
}

/** A violation about a ref rather than a file. */
export function refViolation(
  rule: string,
  branch: string,
  type: string | null,
  m: { text: string; fix: string },
): Violation {
  return {
    rule,
    path: null,
    branch,
    type,
    commit: null,
    message: m.text,
    fix: m.fix,
    severity: "error",
  };
}
