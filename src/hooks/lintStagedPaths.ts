import { globMatcher } from "../config/globs.js";

/** mlbranch's own lint-staged config; the user's lint-staged config is never touched. */
export const LINT_STAGED_FILE = ".husky/lint-staged.mlbranch.json";

/** Staged paths that some entry matches, with lint-staged's own glob rules (no "/": base name). */
export function matchingPaths(entries: Record<string, string>, paths: string[]): string[] {
  const globs = Object.keys(entries);
  if (!globs.length) return [];
  const matchers = globs.map((g) => globMatcher(g, !g.includes("/")));
  return paths.filter((p) => matchers.some((m) => m(p)));
}
