import { execGit, runGit } from "../git/execGit.js";
import { fixForCommit, undoCommand } from "../io/messages/rules.js";
import type { CheckResult } from "./engine.js";
import type { Violation } from "./types.js";

/** Where the judged commits stand: the newest one, and whether the receiver has them. */
export interface FixSituation {
  /** The branch's newest commit judged (amend it; rebase for older ones). */
  tip: string | null;
  /** false: a push the receiver has not accepted; null: not known (CI, check --range). */
  accepted: boolean | null;
}

// A revert undoes a commit with the opposite change: that passes where the violation was a file
// added against a path rule (the revert deletes it, and removing a file is always allowed).
const REVERTIBLE = new Set(["deny", "allow"]);

function pathsOf(cwd: string, sha: string): string[] {
  const out = execGit(["diff-tree", "--no-commit-id", "--name-only", "-r", "-z", "--root", sha], {
    cwd,
  });
  return out.split("\0").filter(Boolean);
}

function inParent(cwd: string, sha: string, path: string): boolean {
  return runGit(["cat-file", "-e", `${sha}~1:${path}`], { cwd, okCodes: [1, 128] }).code === 0;
}

/**
 * Fixes for commits already made, chosen by situation (see fixForCommit); warnings keep their
 * advice and are said once per rule and file, however many commits repeat them.
 */
export function applyCommitFixes(cwd: string, result: CheckResult, s: FixSituation): void {
  const parents = new Map<string, string[]>();
  const paths = new Map<string, string[]>();
  // Per commit: the paths its index fixes undo, and those commands (run once, together).
  const flagged = new Map<string, Set<string>>();
  const undos = new Map<string, string[]>();
  for (const v of result.violations) {
    const undo = undoCommand(v.fix);
    if (!v.commit || v.fixAt || !undo) continue;
    const list = undos.get(v.commit) ?? [];
    if (!list.includes(undo)) list.push(undo);
    undos.set(v.commit, list);
    if (v.path) flagged.set(v.commit, (flagged.get(v.commit) ?? new Set()).add(v.path));
  }
  const printed = new Set<string>();
  for (const v of result.violations) {
    if (!v.commit) continue;
    const sha = v.fixAt ?? v.commit;
    delete v.fixAt;
    if (!parents.has(sha))
      parents.set(
        sha,
        execGit(["rev-list", "--parents", "-n", "1", sha], { cwd }).split(" ").slice(1),
      );
    const ps = parents.get(sha)!;
    if (!paths.has(sha)) paths.set(sha, ps.length > 1 ? [] : pathsOf(cwd, sha));
    const mine = flagged.get(sha) ?? new Set<string>();
    const grouped = undoCommand(v.fix) !== undefined && ps.length === 1;
    const repeat = grouped && printed.has(sha);
    if (grouped) printed.add(sha);
    v.fix = fixForCommit({
      fix: v.fix,
      sha,
      tip: s.tip === sha,
      mergeOf: ps.length > 1 ? ps[1] : null,
      onlyThis: mine.size > 0 && paths.get(sha)!.every((p) => mine.has(p)),
      undos: undos.get(sha) ?? [],
      repeat,
      accepted: s.accepted,
      revertPasses:
        REVERTIBLE.has(v.rule) && v.path !== null && ps.length === 1 && !inParent(cwd, sha, v.path),
    });
  }
  result.warnings = onceEach(result.warnings);
}

function onceEach(warnings: Violation[]): Violation[] {
  const seen = new Map<string, Violation & { more: number }>();
  for (const w of warnings) {
    const key = `${w.rule}\0${w.path ?? ""}`;
    const first = seen.get(key);
    if (first) first.more++;
    else seen.set(key, { ...w, more: 0 });
  }
  return [...seen.values()].map(({ more, ...w }) =>
    more
      ? { ...w, message: `${w.message} (the same in ${more} more commit${more === 1 ? "" : "s"})` }
      : w,
  );
}
