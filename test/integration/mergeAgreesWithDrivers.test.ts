import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { CLI, makeRepo, type Repo, run } from "../helpers/withRepo.js";

// The safety net agrees with the drivers: what a driver merged cleanly commits and pushes; what
// it would have kept and a merge lost is refused at commit, at pre-receive and in CI. The
// drivers' append-only default follows the branch types: a revert merges on dev/*.

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

/** A clone with hooks and drivers installed, and a bare remote with mlbranch's pre-receive. */
function setup(): Repo {
  const bare = makeRepo({ bare: true });
  const repo = makeRepo();
  made.push(repo, bare);
  const init = run(process.execPath, [CLI, "init", "--server", bare.dir], repo.dir);
  expect(init.code, init.stderr).toBe(0);
  linkPackage(repo.dir);
  expect(installHooks(repo).code).toBe(0);
  repo.write("README.md", "# p\n");
  repo.commit("start");
  repo.git("remote", "add", "origin", bare.dir);
  expect(repo.tryGit("push", "-q", "--no-verify", "origin", "main").code).toBe(0);
  return repo;
}

const push = (repo: Repo, branch: string) => repo.tryGit("push", "--no-verify", "origin", branch);

/** dev/a and dev/b from dev/base holding `base`; each writes its version; dev/a checked out. */
function sides(repo: Repo, path: string, base: string, ours: string, theirs: string): void {
  repo.git("checkout", "-q", "-b", "dev/base");
  repo.write(path, base);
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "dev/b");
  repo.write(path, theirs);
  repo.commit("theirs");
  repo.git("checkout", "-q", "-b", "dev/a", "dev/base");
  repo.write(path, ours);
  repo.commit("ours");
}

describe("merge-keeps-records judges with the drivers' identity", () => {
  it("CSV: theirs reorders the columns, ours appends a row: merged, committed, pushed", () => {
    const repo = setup();
    sides(
      repo,
      "d/x.csv",
      "id,a,b\n1,x,y\n2,z,w\n",
      "id,a,b\n1,x,y\n2,z,w\n3,p,q\n",
      "b,id,a\ny,1,x\nw,2,z\n",
    );
    const m = gitHooks(repo, ["merge", "--no-edit", "dev/b"]);
    expect(m.code, m.stderr).toBe(0);
    expect(repo.read("d/x.csv")).toBe("id,a,b\n1,x,y\n2,z,w\n3,p,q\n");
    expect(repo.git("rev-list", "--count", "--merges", "HEAD")).toBe("1");
    const p = push(repo, "dev/a");
    expect(p.code, p.stderr).toBe(0);
    const ci = repo.mlbranch(["check", "--range", "dev/base..dev/a", "--branch", "dev/a"]);
    expect(ci.code, ci.stderr).toBe(0);
  });

  it("CSV: one side adds a column with values on its new rows, the other appends: merged and pushed", () => {
    const repo = setup();
    sides(repo, "d/x.csv", "id,a\n1,x\n", "id,a\n1,x\n2,y\n", "id,a,score\n1,x,\n3,z,0.5\n");
    const m = gitHooks(repo, ["merge", "--no-edit", "dev/b"]);
    expect(m.code, m.stderr).toBe(0);
    expect(repo.read("d/x.csv")).toBe("id,a,score\n1,x,\n2,y,\n3,z,0.5\n");
    const p = push(repo, "dev/a");
    expect(p.code, p.stderr).toBe(0);
  });

  it("a merge that loses what the driver keeps is refused at commit, pre-receive and in CI", () => {
    const repo = setup();
    sides(repo, "d/x.csv", "id,a\n1,x\n", "id,a\n1,x\n2,y\n", "a,id\nx,1\nz,3\nz,3\n");
    // -s ours keeps ours' file: theirs' two copies of (3, z) are lost.
    const m = gitHooks(repo, ["merge", "--no-edit", "-s", "ours", "dev/b"]);
    expect(m.code).not.toBe(0);
    expect(m.stderr).toContain("d/x.csv: this merge drops 2 records of parent");
    expect(m.stderr).toContain("(its lines 3, 4)");
    // The refused merge is still in progress: concluded with client hooks skipped.
    repo.git("commit", "-q", "--no-verify", "--no-edit");
    const p = push(repo, "dev/a");
    expect(p.code).not.toBe(0);
    expect(p.stderr).toContain("d/x.csv: this merge drops 2 records");
    const ci = repo.mlbranch(["check", "--range", "dev/base..dev/a", "--branch", "dev/a"]);
    expect(ci.code).toBe(1);
    expect(ci.stderr).toContain("[merge-keeps-records]");
  });

  it("copies are counted: a merge that keeps one of theirs' two new copies is refused", () => {
    const repo = setup();
    const r = (id: number) => `{"id": ${id}, "v": 1.0}\n`;
    sides(repo, "t/m.jsonl", r(1), r(1) + r(2), r(1) + r(3) + r(3));
    expect(gitHooks(repo, ["merge", "--no-commit", "dev/b"]).code).toBe(0);
    expect(repo.read("t/m.jsonl")).toBe(r(1) + r(2) + r(3) + r(3));
    // Other spellings of the same values (1 for 1.0, keys reordered) are the same records...
    repo.write("t/m.jsonl", `${r(1)}{"v":1,"id":2}\n${r(3)}{"v":1.00,"id":3}\n`);
    repo.git("add", "-A");
    expect(repo.mlbranch(["check", "--staged", "--branch", "dev/a"]).code).toBe(0);
    // ...one copy fewer is a lost record.
    repo.write("t/m.jsonl", `${r(1)}{"v":1,"id":2}\n${r(3)}`);
    repo.git("add", "-A");
    const commit = gitHooks(repo, ["commit", "--no-edit"]);
    expect(commit.code).not.toBe(0);
    expect(commit.stderr).toContain("t/m.jsonl: this merge drops 1 record of parent");
    expect(commit.stderr).toContain("(its line 3)");
  });
});

describe("the drivers' append-only default follows the branch types", () => {
  const rec = (run: string) => `${JSON.stringify({ run_id: run, loss: 0.5 })}\n`;

  /** On `branch`: a feature branch appends r2, merged in; then r3 appended; the merge reverted. */
  function revertMergedAppend(repo: Repo, branch: string) {
    const path = "tracking/m.jsonl";
    repo.git("checkout", "-q", "-B", branch);
    repo.write(path, rec("r1"));
    repo.commit("r1");
    repo.git("checkout", "-q", "-b", "dev/feature");
    repo.write(path, rec("r1") + rec("r2"));
    repo.commit("r2");
    repo.git("checkout", "-q", branch);
    repo.git("merge", "-q", "--no-ff", "--no-verify", "--no-edit", "dev/feature");
    const merge = repo.git("rev-parse", "HEAD");
    repo.write(path, rec("r1") + rec("r2") + rec("r3"));
    repo.commit("r3");
    return { path, revert: gitHooks(repo, ["revert", "--no-edit", "-m", "1", merge]) };
  }

  it("dev/*: no rule makes tracking append-only, so reverting a merged-in append merges", () => {
    const repo = setup();
    const { path, revert } = revertMergedAppend(repo, "dev/m");
    expect(revert.code, revert.stderr).toBe(0);
    expect(repo.read(path)).toBe(rec("r1") + rec("r3"));
    expect(push(repo, "dev/m").code).toBe(0);
  });

  it("main: tracking is append-only there, so the same revert stops with both versions kept", () => {
    const repo = setup();
    const { path, revert } = revertMergedAppend(repo, "main");
    expect(revert.code).not.toBe(0);
    expect(revert.stderr).toContain("record conflict");
    expect(repo.read(path)).toContain(rec("r2").trim());
    expect(repo.read(path)).toContain(rec("r3").trim());
  });
});
