import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanGitEnv, execGit } from "../git/execGit.js";

/**
 * Commit new content for one file on a branch without checking it out: a temporary index
 * (GIT_INDEX_FILE in a temp dir), hash-object, update-index, write-tree, commit-tree, and
 * update-ref with the old value, so the working tree, the real index and HEAD are never touched
 * and a concurrent move of the branch makes this fail instead of losing commits.
 */
export function commitFileOnBranch(opts: {
  cwd: string;
  ref: string;
  oldSha: string;
  path: string;
  content: string;
  mode?: string;
  message: string;
}): string {
  const { cwd } = opts;
  const tmp = mkdtempSync(join(tmpdir(), "mlbranch-index-"));
  try {
    const env = { ...cleanGitEnv(process.env), GIT_INDEX_FILE: join(tmp, "index") };
    execGit(["read-tree", opts.oldSha], { cwd, env });
    const blob = execGit(["hash-object", "-w", "--stdin"], { cwd, env, input: opts.content });
    execGit(
      ["update-index", "--add", "--cacheinfo", `${opts.mode ?? "100644"},${blob},${opts.path}`],
      { cwd, env },
    );
    const tree = execGit(["write-tree"], { cwd, env });
    const commit = execGit(["commit-tree", tree, "-p", opts.oldSha, "-F", "-"], {
      cwd,
      env,
      input: opts.message,
    });
    execGit(["update-ref", "-m", opts.message.split("\n")[0], opts.ref, commit, opts.oldSha], {
      cwd,
      env,
    });
    return commit;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
