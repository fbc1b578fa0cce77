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
  return commitFilesOnBranch({
    ...opts,
    files: [{ path: opts.path, content: opts.content, mode: opts.mode }],
  });
}

/** One file of a branch commit: new content, or an existing blob by its id. */
export interface BranchFile {
  path: string;
  content?: string | Buffer;
  oid?: string;
  mode?: string;
}

/** commitFileOnBranch for several files in one commit (new contents or existing blobs). */
export function commitFilesOnBranch(opts: {
  cwd: string;
  ref: string;
  oldSha: string;
  files: BranchFile[];
  message: string;
}): string {
  const { cwd } = opts;
  const tmp = mkdtempSync(join(tmpdir(), "mlbranch-index-"));
  try {
    const env = { ...cleanGitEnv(process.env), GIT_INDEX_FILE: join(tmp, "index") };
    execGit(["read-tree", opts.oldSha], { cwd, env });
    const info = opts.files.map((f) => {
      const blob =
        f.oid ??
        execGit(["hash-object", "-w", "--stdin"], {
          cwd,
          env,
          input: f.content ?? "",
        });
      return `${f.mode ?? "100644"} ${blob}\t${f.path}`;
    });
    execGit(["update-index", "-z", "--add", "--index-info"], {
      cwd,
      env,
      input: `${info.join("\0")}\0`,
    });
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
