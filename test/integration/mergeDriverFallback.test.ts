import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { driverConfig } from "../../src/install/registerDrivers.js";
import { ATTRIBUTES, rec } from "../helpers/mergeDrivers.js";
import { PROJECT_ROOT, type Repo, withRepo } from "../helpers/withRepo.js";

const M = "tracking/metrics.jsonl";

// The installer's own driver commands (root-relative node_modules/mlbranch/...), two branches
// that each append a record, and a real `git merge` of b into a.
function setUp(repo: Repo): void {
  for (const [k, v] of driverConfig("")) repo.git("config", k, v);
  repo.write(".gitattributes", `${ATTRIBUTES}\n`);
  repo.write(".gitignore", "/node_modules/\n");
  repo.write(M, rec("r1"));
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "a");
  repo.write(M, rec("r1") + rec("a1"));
  repo.commit("a");
  repo.git("checkout", "-q", "-b", "b", "main");
  repo.write(M, rec("r1") + rec("b1"));
  repo.commit("b");
  repo.git("checkout", "-q", "a");
}

function expectBothSidesKept(repo: Repo, dir = repo.dir) {
  const r = repo.tryGit("-C", dir, "merge", "--no-edit", "b");
  expect(r.code).not.toBe(0);
  expect(r.stderr + r.stdout).toMatch(/the merge driver cannot load/);
  const text = readFileSync(join(dir, M), "utf8");
  expect(text).toContain("<<<<<<< ours");
  expect(text).toContain(rec("a1").trim());
  expect(text).toContain(rec("b1").trim());
  expect(text).toContain(">>>>>>> theirs");
  // git recorded a conflict: the next `git add` cannot silently drop theirs.
  expect(repo.tryGit("-C", dir, "diff", "--name-only", "--diff-filter=U").stdout).toContain(M);
}

describe("a registered driver that cannot load never leaves ours alone", () => {
  it("merges normally when the package is there", () =>
    withRepo((repo) => {
      setUp(repo);
      mkdirSync(join(repo.dir, "node_modules"));
      symlinkSync(PROJECT_ROOT, join(repo.dir, "node_modules", "mlbranch"), "dir");
      const r = repo.tryGit("merge", "--no-edit", "b");
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read(M)).toBe(rec("r1") + rec("a1") + rec("b1"));
    }));

  it("node_modules gone (git clean -fdx): text merge with both sides, conflict reported", () =>
    withRepo((repo) => {
      setUp(repo);
      expectBothSidesKept(repo);
    }));

  it("an entry whose own imports are missing (its bundle deleted) falls back the same way", () =>
    withRepo((repo) => {
      setUp(repo);
      const pkg = join(repo.dir, "node_modules", "mlbranch");
      mkdirSync(join(pkg, "dist"), { recursive: true });
      cpSync(join(PROJECT_ROOT, "package.json"), join(pkg, "package.json"));
      const drivers = join(pkg, "dist", "merge-drivers");
      cpSync(join(PROJECT_ROOT, "dist", "merge-drivers"), drivers, { recursive: true });
      // The door git runs is there; the code it imports is not.
      for (const f of readdirSync(drivers)) if (f.includes(".bundle.")) rmSync(join(drivers, f));
      expectBothSidesKept(repo);
    }));

  it("a linked worktree without node_modules keeps both sides", () =>
    withRepo((repo) => {
      setUp(repo);
      const wt = join(repo.dir, "..", `${repo.dir.split("/").pop()}-wt`);
      repo.git("worktree", "add", "-q", "-b", "w", wt, "a");
      expectBothSidesKept(repo, wt);
      repo.git("worktree", "remove", "--force", wt);
    }));
});
