import { lstatSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { execGit, type GitResult, runGit } from "../git/execGit.js";
import { currentBranch } from "../git/repo.js";

/** A worktree's git dirs, HEAD and branch, as a hook needs them. */
export interface GitDirs {
  gitDir: string;
  commonDir: string;
  /** HEAD's commit; null before the first commit. */
  head: string | null;
  /** The checked-out branch; null on a detached HEAD. */
  branch: string | null;
}

const DIRS = ["rev-parse", "--path-format=absolute", "--git-common-dir", "--git-dir"];
const REV_PARSE = [...DIRS, "HEAD", "--symbolic-full-name", "HEAD"];

/**
 * Dirs, HEAD and branch: read from the files in the usual layout (a .git folder at the top of
 * the work tree, git not steered by GIT_DIR / GIT_WORK_TREE / GIT_COMMON_DIR, HEAD naming a
 * branch whose ref is a loose file or in packed-refs), else with one `git rev-parse`. Every
 * commit runs this: a process costs more than the three reads.
 */
export function gitDirs(root: string, env: NodeJS.ProcessEnv = process.env): GitDirs {
  return fromFiles(root, env) ?? dirsOf(root, runGit(REV_PARSE, { cwd: root, okCodes: [128] }));
}

const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

function fromFiles(root: string, env: NodeJS.ProcessEnv): GitDirs | null {
  if (env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_COMMON_DIR) return null;
  const gitDir = join(root, ".git");
  try {
    if (!statSync(gitDir).isDirectory()) return null; // a linked worktree or submodule: git knows
    // A symlinked HEAD (core.preferSymlinkRefs) reads as its commit, not its branch: git knows.
    if (lstatSync(join(gitDir, "HEAD")).isSymbolicLink()) return null;
    const head = readFileSync(join(gitDir, "HEAD"), "utf8").replace(/\n$/, "");
    if (OID.test(head)) return { gitDir, commonDir: gitDir, head, branch: null };
    const ref = /^ref: (refs\/heads\/[^\n]+)$/.exec(head)?.[1];
    const oid = ref ? refOid(gitDir, ref) : null;
    // An unborn branch, a reftable store or anything unexpected: git answers.
    return ref && oid ? { gitDir, commonDir: gitDir, head: oid, branch: ref.slice(11) } : null;
  } catch {
    return null;
  }
}

function refOid(gitDir: string, ref: string): string | null {
  try {
    if (lstatSync(join(gitDir, ref)).isSymbolicLink()) return null;
    const loose = readFileSync(join(gitDir, ref), "utf8").replace(/\n$/, "");
    return OID.test(loose) ? loose : null; // a symbolic ref: git answers
  } catch {
    // not loose: packed, or not there
  }
  try {
    for (const line of readFileSync(join(gitDir, "packed-refs"), "utf8").split("\n")) {
      const sp = line.indexOf(" ");
      if (sp > 0 && line.slice(sp + 1) === ref && OID.test(line.slice(0, sp)))
        return line.slice(0, sp);
    }
  } catch {
    // no packed-refs
  }
  return null;
}

function dirsOf(root: string, r: GitResult): GitDirs {
  if (r.code === 0) {
    const [commonDir, gitDir, head, ref] = r.stdout.toString("utf8").trim().split("\n");
    const branch = ref?.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null;
    return { commonDir, gitDir, head, branch };
  }
  // No commit yet: HEAD does not resolve, but the branch it names exists to be born.
  const [commonDir, gitDir] = execGit(DIRS, { cwd: root }).split("\n");
  return { commonDir, gitDir, head: null, branch: currentBranch(root) };
}

/**
 * The branch a rebase in progress will move (its rebase-merge or rebase-apply "head-name"), or
 * null: a commit made where the rebase stops (an "edit") belongs to that branch and is judged
 * under its rules, so a printed fix that rewrites an older commit runs the same hooks.
 */
export function rebasingBranch(gitDir: string): string | null {
  for (const dir of ["rebase-merge", "rebase-apply"]) {
    try {
      const ref = readFileSync(join(gitDir, dir, "head-name"), "utf8").trim();
      if (ref.startsWith("refs/heads/")) return ref.slice("refs/heads/".length);
    } catch {
      // not this kind of rebase
    }
  }
  return null;
}
