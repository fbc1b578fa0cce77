import { execGit, runGit } from "../git/execGit.js";
import {
  fixForCommit,
  isManualFix,
  isPushFix,
  isRecommitFix,
  isRedoFix,
  trailerOf,
  undoCommand,
} from "../io/messages/rules.js";
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

/** What every violation of one commit asks for: its plan is printed once, with the first. */
interface PerCommit {
  undos: string[];
  trailers: string[];
  manual: string[];
  recommit: string[];
  /** Some violation asks for more than a trailer; every such one is fixed by a merge made again. */
  beyondTrailers: boolean;
  redo: boolean;
  /** Paths the undos put back (the commit is dropped when they are all it changes). */
  undone: Set<string>;
}

function gather(result: CheckResult): Map<string, PerCommit> {
  const per = new Map<string, PerCommit>();
  const add = (list: string[], item: string) => list.includes(item) || list.push(item);
  for (const v of result.violations) {
    if (!v.commit) continue;
    const sha = v.fixAt ?? v.commit;
    const c = per.get(sha) ?? {
      undos: [],
      trailers: [],
      manual: [],
      recommit: [],
      beyondTrailers: false,
      redo: true,
      undone: new Set<string>(),
    };
    per.set(sha, c);
    const undo = undoCommand(v.fix);
    const trailer = trailerOf(v.fix);
    if (!trailer && !isPushFix(v.fix)) {
      c.beyondTrailers = true;
      if (!isRedoFix(v.fix)) c.redo = false;
    }
    if (undo && !v.fixAt) {
      add(c.undos, undo);
      if (v.path) c.undone.add(v.path);
    } else if (trailer) add(c.trailers, trailer);
    else if (isRecommitFix(v.fix)) {
      if (v.path) add(c.recommit, v.path);
    } else if (isManualFix(v.fix)) add(c.manual, `${v.path ? `${v.path}: ` : ""}${v.fix}`);
  }
  return per;
}

/**
 * Fixes for commits already made, chosen by situation (see fixForCommit): every problem of one
 * commit in one plan (one reset or one rebase stop), printed with its first violation; warnings
 * keep their advice and are said once per rule and file, however many commits repeat them.
 */
export function applyCommitFixes(cwd: string, result: CheckResult, s: FixSituation): void {
  const parents = new Map<string, string[]>();
  const per = gather(result);
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
    const c = per.get(sha)!;
    const repeat = printed.has(sha);
    if (!isPushFix(v.fix)) printed.add(sha);
    v.fix = fixForCommit({
      fix: v.fix,
      sha,
      tip: s.tip === sha,
      mergeOf: ps.length > 1 ? ps[1] : null,
      onlyThis:
        ps.length === 1 &&
        c.undone.size > 0 &&
        !c.trailers.length &&
        !c.recommit.length &&
        pathsOf(cwd, sha).every((p) => c.undone.has(p)),
      undos: c.undos,
      trailers: c.trailers,
      manual: c.manual,
      recommit: c.recommit,
      beyondTrailers: c.beyondTrailers,
      redo: c.redo,
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
