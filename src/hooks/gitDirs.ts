import { execGit, type GitResult, runGit, runGitAsync } from "../git/execGit.js";
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

/** Dirs, HEAD and branch with one `git rev-parse` (hooks count every process they start). */
export function gitDirs(root: string): GitDirs {
  return dirsOf(root, runGit(REV_PARSE, { cwd: root, okCodes: [128] }));
}

/** gitDirs without blocking. */
export async function gitDirsAsync(root: string): Promise<GitDirs> {
  return dirsOf(root, await runGitAsync(REV_PARSE, { cwd: root, okCodes: [128] }));
}

const REV_PARSE = [...DIRS, "HEAD", "--symbolic-full-name", "HEAD"];

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
