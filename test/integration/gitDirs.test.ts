import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stagedChanges } from "../../src/git/changes.js";
import { gitDirs } from "../../src/hooks/gitDirs.js";
import { type Repo, testEnv, withRepo } from "../helpers/withRepo.js";

// Every commit's hooks need the git dirs, HEAD and the branch; in the usual layout they are read
// from .git's files instead of a `git rev-parse`. Whatever the layout, the answer must be git's.
function gitsAnswer(repo: Repo, cwd = repo.dir) {
  const r = (...a: string[]) => repo.tryGit("-C", cwd, ...a);
  const [commonDir, gitDir] = r(
    "rev-parse",
    "--path-format=absolute",
    "--git-common-dir",
    "--git-dir",
  )
    .stdout.trim()
    .split("\n");
  const head = r("rev-parse", "-q", "--verify", "HEAD");
  const ref = r("symbolic-ref", "-q", "HEAD").stdout.trim();
  return {
    commonDir,
    gitDir,
    head: head.code === 0 ? head.stdout.trim() : null,
    branch: ref.startsWith("refs/heads/") ? ref.slice(11) : null,
  };
}

describe("a hook's git dirs, HEAD and branch", () => {
  it("are git's own in every layout: loose, packed, detached, unborn, linked worktree, GIT_DIR", () =>
    withRepo((repo) => {
      const env = testEnv();
      expect(gitDirs(repo.dir, env)).toEqual(gitsAnswer(repo)); // unborn main
      repo.write("a.txt", "a\n");
      repo.commit("one");
      repo.git("checkout", "-q", "-b", "dev/feature-x");
      repo.commit("two", { allowEmpty: true });
      expect(gitDirs(repo.dir, env)).toEqual(gitsAnswer(repo)); // a loose ref
      repo.git("pack-refs", "--all");
      expect(gitDirs(repo.dir, env)).toEqual(gitsAnswer(repo)); // packed-refs only
      repo.git("checkout", "-q", "--detach");
      expect(gitDirs(repo.dir, env)).toMatchObject({ branch: null, ...gitsAnswer(repo) });
      repo.git("checkout", "-q", "--orphan", "fresh");
      expect(gitDirs(repo.dir, env)).toEqual(gitsAnswer(repo)); // unborn again
      repo.git("checkout", "-q", "-f", "dev/feature-x");
      const wt = join(repo.dir, "..", `${repo.dir.split("/").pop()}-wt`);
      repo.git("worktree", "add", "-q", "-b", "raw/x", wt);
      try {
        expect(gitDirs(wt, env)).toEqual(gitsAnswer(repo, wt));
        expect(gitDirs(wt, env).gitDir).not.toBe(gitDirs(wt, env).commonDir);
      } finally {
        repo.git("worktree", "remove", "--force", wt);
      }
      // A symlinked HEAD (core.preferSymlinkRefs) reads as the commit; git names the branch.
      repo.git("config", "core.preferSymlinkRefs", "true");
      repo.git("checkout", "-q", "-b", "raw/linked");
      expect(gitDirs(repo.dir, env)).toEqual({ ...gitsAnswer(repo), branch: "raw/linked" });
      repo.git("config", "--unset", "core.preferSymlinkRefs");
      repo.git("checkout", "-q", "dev/feature-x");
      // GIT_DIR steering elsewhere: the files at hand are not the repository's.
      const other = { ...env, GIT_DIR: join(repo.dir, ".git"), GIT_WORK_TREE: repo.dir };
      expect(gitDirs(repo.dir, other).branch).toBe("dev/feature-x");
    }));

  it("a SHA-256 repository's first commit is diffed against its own empty tree", () =>
    withRepo((repo) => {
      const dir = join(repo.dir, "sha256");
      repo.git("init", "-q", "--object-format=sha256", "-b", "raw", dir);
      writeFileSync(join(dir, "a.csv"), "x\n");
      repo.git("-C", dir, "add", "a.csv");
      const changes = stagedChanges(dir, testEnv(), null);
      expect(changes.map((c) => [c.path, c.status, c.newOid?.length])).toEqual([
        ["a.csv", "A", 64],
      ]);
    }));
});
