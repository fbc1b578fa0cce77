import { execGit } from "../git/execGit.js";

/** A worktree's own git dir and the clone's shared one. */
export interface GitDirs {
  gitDir: string;
  commonDir: string;
}

/** Both git dirs with one `git rev-parse` (hooks count every process they start). */
export function gitDirs(root: string): GitDirs {
  const [commonDir, gitDir] = execGit(
    ["rev-parse", "--path-format=absolute", "--git-common-dir", "--git-dir"],
    { cwd: root },
  ).split("\n");
  return { gitDir, commonDir };
}
