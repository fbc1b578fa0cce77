import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { missing, withoutTool } from "../helpers/requires.js";
import { makeRepo, type Repo, withRepo } from "../helpers/withRepo.js";

/** Files under a bare remote's lfs/objects: what `git lfs pre-push` uploaded. */
function lfsObjects(bare: string): string[] {
  const root = join(bare, "lfs", "objects");
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

function withRemote<T>(repo: Repo, fn: (bare: string) => T): T {
  const bare = makeRepo({ bare: true });
  try {
    repo.git("remote", "add", "origin", `file://${bare.dir}`);
    return fn(bare.dir);
  } finally {
    rmSync(bare.dir, { recursive: true, force: true });
  }
}

function mlbranchFirst(repo: Repo): void {
  repo.write("train.py", "print(1)\n");
  repo.commit("start");
  linkPackage(repo.dir);
  expect(installHooks(repo).code).toBe(0);
  repo.commit("mlbranch");
}

describe.skipIf(missing("git-lfs"))("Git LFS adopted after mlbranch", () => {
  it("git lfs install refuses to replace our hooks, yet pushes upload the objects", () =>
    withRepo((repo) => {
      mlbranchFirst(repo);
      const lfs = gitHooks(repo, ["lfs", "install", "--local"]);
      expect(lfs.code).not.toBe(0);
      expect(lfs.stderr + lfs.stdout).toContain("Hook already exists");
      expect(gitHooks(repo, ["lfs", "track", "*.bin"]).code).toBe(0);
      repo.write("assets/weights.bin", Buffer.alloc(4096, 3));
      gitHooks(repo, ["add", "-A"]);
      expect(gitHooks(repo, ["commit", "-m", "weights"]).code).toBe(0);
      expect(repo.git("lfs", "ls-files", "--name-only")).toContain("assets/weights.bin");
      withRemote(repo, (bare) => {
        const push = gitHooks(repo, ["push", "origin", "main"]);
        expect(push.code, push.stderr).toBe(0);
        expect(lfsObjects(bare)).toHaveLength(1);
      });
    }));

  it("after git lfs install --force, status names the broken link and a re-install mends it", () =>
    withRepo((repo) => {
      mlbranchFirst(repo);
      expect(gitHooks(repo, ["lfs", "install", "--local", "--force"]).code).toBe(0);
      const st = repo.mlbranch(["status"]);
      expect(st.stdout).toContain("pre-push");
      expect(st.stdout).toMatch(/does not run mlbranch/);
      expect(installHooks(repo).code).toBe(0);
      expect(repo.mlbranch(["status"]).stdout).not.toMatch(/does not run mlbranch/);
      gitHooks(repo, ["lfs", "track", "*.bin"]);
      repo.write("w.bin", Buffer.alloc(2048, 1));
      gitHooks(repo, ["add", "-A"]);
      gitHooks(repo, ["commit", "-m", "weights"]);
      withRemote(repo, (bare) => {
        expect(gitHooks(repo, ["push", "origin", "main"]).code).toBe(0);
        expect(lfsObjects(bare)).toHaveLength(1);
      });
    }));

  it("uploads through LFS's own hook when LFS was there first (chained from .git/hooks)", () =>
    withRepo((repo) => {
      repo.git("lfs", "install", "--local");
      repo.git("lfs", "track", "*.bin");
      mlbranchFirst(repo);
      repo.write("w.bin", Buffer.alloc(2048, 1));
      gitHooks(repo, ["add", "-A"]);
      gitHooks(repo, ["commit", "-m", "weights"]);
      withRemote(repo, (bare) => {
        const push = gitHooks(repo, ["push", "origin", "main"]);
        expect(push.code).toBe(0);
        expect(lfsObjects(bare)).toHaveLength(1);
      });
    }));

  it("refuses the push when the repository uses LFS and git-lfs is gone", () =>
    withRepo((repo) => {
      mlbranchFirst(repo);
      repo.write(".gitattributes", `${repo.read(".gitattributes")}*.bin filter=lfs -text\n`);
      repo.commit("lfs attributes, no git-lfs");
      withRemote(repo, () => {
        const push = gitHooks(repo, ["push", "origin", "main"], { env: withoutTool("git-lfs") });
        expect(push.code).not.toBe(0);
        expect(push.stderr).toContain("git-lfs is not installed");
      });
    }));

  const attrs = (repo: Repo, path: string) =>
    repo.git("check-attr", "filter", "merge", "--", path).replace(/^.*?: /gm, "");

  it("git lfs track then install-ml-hooks: a model has filter=lfs and the theirs driver", () =>
    withRepo((repo) => {
      repo.git("lfs", "track", "*.joblib", "models/**");
      mlbranchFirst(repo);
      expect(attrs(repo, "clf.joblib")).toBe("filter: lfs\nmerge: mlbranch-theirs");
      expect(attrs(repo, "models/card.json")).toBe("filter: lfs\nmerge: mlbranch-theirs");
    }));

  it("install-ml-hooks then git lfs track: status names it, a re-install mends it", () =>
    withRepo((repo) => {
      mlbranchFirst(repo);
      repo.git("lfs", "track", "*.joblib", "*.pt");
      expect(attrs(repo, "clf.joblib")).toBe("filter: lfs\nmerge: lfs");
      expect(repo.mlbranch(["status"]).stdout).toContain(
        "git lfs track replaced mlbranch's merge driver for *.pt, *.joblib",
      );
      installHooks(repo);
      for (const f of ["clf.joblib", "net.pt"])
        expect(attrs(repo, f)).toBe("filter: lfs\nmerge: mlbranch-theirs");
      expect(repo.mlbranch(["status"]).stdout).not.toContain("git lfs track replaced");
      expect(installHooks(repo).stdout).toContain("nothing changed");
    }));

  it("install-ml-hooks then git lfs track then git commit: the commit carries both attributes", () =>
    withRepo((repo) => {
      mlbranchFirst(repo);
      // LFS's filters in this repository's own config, not from a global `git lfs install`
      // (a fresh machine has none); --skip-repo: LFS's hooks are not this test's subject.
      repo.git("lfs", "install", "--local", "--skip-repo");
      repo.git("checkout", "-q", "-b", "stable/clf");
      repo.git("lfs", "track", "*.joblib", "*.bin");
      repo.write("clf.joblib", Buffer.alloc(512, 2));
      gitHooks(repo, ["add", "-A"]);
      const c = gitHooks(repo, ["commit", "-m", "a model through LFS"]);
      expect(c.code, c.stderr).toBe(0);
      expect(c.stderr).toContain("put them back with filter=lfs kept");
      expect(attrs(repo, "clf.joblib")).toBe("filter: lfs\nmerge: mlbranch-theirs");
      const committed = repo.git("show", "HEAD:.gitattributes");
      expect(committed).toContain("*.joblib filter=lfs diff=lfs -text merge=mlbranch-theirs");
      expect(committed).toContain("*.bin filter=lfs diff=lfs merge=lfs -text");
      expect(repo.git("status", "--porcelain")).toBe("");
      expect(repo.git("lfs", "ls-files", "--name-only")).toContain("clf.joblib");
    }));
});
