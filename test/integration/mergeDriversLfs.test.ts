import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ATTRIBUTES, rec, registerDrivers } from "../helpers/mergeDrivers.js";
import { missing } from "../helpers/requires.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

const M = "tracking/metrics.jsonl";
const noLfs = missing("git-lfs");

// LFS with local storage only: `git lfs install --local`, objects in .git/lfs, no remote.
function lfsRepo(repo: Repo, base: string) {
  registerDrivers(repo);
  repo.git("lfs", "install", "--local");
  repo.write(
    ".gitattributes",
    `${ATTRIBUTES}\ntracking/*.jsonl filter=lfs diff=lfs merge=mlbranch-jsonl -text\n`,
  );
  repo.write(M, base);
  repo.commit("base");
  expect(repo.git("cat-file", "-p", `HEAD:${M}`)).toMatch(/^version https:\/\/git-lfs/);
  repo.git("checkout", "-q", "-b", "a");
  repo.write(M, base + rec("a1"));
  repo.commit("a");
  repo.git("checkout", "-q", "-b", "b", "main");
  repo.write(M, base + rec("b1"));
  repo.commit("b");
  repo.git("checkout", "-q", "a");
}

describe.skipIf(noLfs)("jsonl driver on a Git LFS tracked file", () => {
  it("merges the real content and commits a pointer to the merged object", () =>
    withRepo((repo) => {
      const base = rec("r1") + rec("r2");
      lfsRepo(repo, base);
      const r = repo.tryGit("merge", "--no-edit", "b");
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read(M)).toBe(base + rec("a1") + rec("b1"));
      const pointer = repo.git("cat-file", "-p", `HEAD:${M}`);
      expect(pointer).toMatch(/^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:/);
      expect(repo.git("status", "--porcelain")).toBe("");
    }));

  it("an absent LFS object is a clear error and both pointers are kept between markers", () =>
    withRepo((repo) => {
      lfsRepo(repo, rec("r1"));
      const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git("cat-file", "-p", `b:${M}`))![1];
      rmSync(join(repo.dir, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid), {
        force: true,
      });
      const r = repo.tryGit("merge", "--no-edit", "b");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(
        /cannot merge tracking\/metrics\.jsonl: it is stored with Git LFS and the theirs version's object is not/,
      );
      expect(repo.read(M)).toContain(oid);
    }));
});

describe.skipIf(noLfs)("safety net on a Git LFS tracked file", () => {
  it("warns, without blocking, when a parent's LFS object is absent; fails when records are lost", () =>
    withRepo((repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.git("lfs", "install", "--local");
      repo.write(
        ".gitattributes",
        "tracking/*.jsonl filter=lfs diff=lfs merge=mlbranch-jsonl -text\n",
      );
      repo.write(M, rec("r1"));
      repo.commit("base");
      repo.git("checkout", "-q", "-b", "dev/y");
      repo.write(M, rec("r1") + rec("y1"));
      repo.commit("y");
      repo.git("checkout", "-q", "dev/x");
      repo.write(M, rec("r1") + rec("x1"));
      repo.commit("x");
      // No driver registered: git falls back to a text merge of the pointers; keep ours.
      expect(repo.tryGit("merge", "--no-edit", "dev/y").code).not.toBe(0);
      repo.git("checkout", "--ours", "--", M);
      repo.git("add", M);
      const lost = repo.mlbranch(["check", "--staged"]);
      expect(lost.code).toBe(1);
      expect(lost.stdout + lost.stderr).toMatch(/merge-keeps-records[\s\S]*drops 1 record/);
      const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git("cat-file", "-p", `dev/y:${M}`))![1];
      rmSync(join(repo.dir, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid), {
        force: true,
      });
      const unknown = repo.mlbranch(["check", "--staged"]);
      expect(unknown.code).toBe(0);
      expect(unknown.stdout + unknown.stderr).toMatch(/could not be checked for lost records/);
    }));
});
