import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { CLI, makeRepo, type Repo, run } from "../helpers/withRepo.js";

// Adopting mlbranch in a project that committed data on main long ago: the installer records
// the history it found (mlbranch.json "adoptedAt"), and pushes, the server and CI judge only
// what comes after it. Everything after it is judged as before.

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

/** An existing project: data committed on main, later removed; then mlbranch installed. */
function existing(): { repo: Repo; bare: Repo; old: string } {
  const repo = makeRepo();
  const bare = makeRepo({ bare: true });
  made.push(repo, bare);
  repo.write("train.py", "print('train')\n");
  repo.write("data/train.csv", "id,x\n1,2\n");
  repo.commit("code and data");
  repo.git("rm", "-q", "-r", "--cached", "data");
  repo.write(".gitignore", "data/\n");
  const old = repo.commit("data out of git");
  linkPackage(repo.dir);
  const inst = installHooks(repo);
  expect(inst.code, inst.stderr).toBe(0);
  expect(inst.stdout + inst.stderr).toContain(`adoptedAt: ${old.slice(0, 10)}`);
  expect(JSON.parse(repo.read("mlbranch.json")).adoptedAt).toBe(old);
  repo.commit("mlbranch: branch rules, record merges");
  repo.git("checkout", "-q", "-b", "raw/main");
  repo.write("data/raw/delivery.csv", "id,x\n1,2\n");
  repo.git("add", "-f", "data/raw/delivery.csv");
  const d = gitHooks(repo, ["commit", "-q", "-m", "delivery", "--trailer", "Data-Source: vendor"]);
  expect(d.code, d.stderr).toBe(0);
  repo.git("checkout", "-q", "main");
  const init = run(process.execPath, [CLI, "init", "--server", bare.dir], repo.dir);
  expect(init.code, init.stderr).toBe(0);
  repo.git("remote", "add", "origin", bare.dir);
  return { repo, bare, old };
}

/** A data file committed on main after adoption (past .gitignore's data/, hooks skipped). */
function newData(repo: Repo): string {
  repo.write("data/new.csv", "id,x\n3,4\n");
  repo.git("add", "-f", "data/new.csv");
  repo.git("commit", "-q", "--no-verify", "-m", "new data on main");
  return repo.git("rev-parse", "HEAD");
}

const heads = (bare: Repo) =>
  bare.git("for-each-ref", "--format=%(refname:short)", "refs/heads").split("\n").sort();

describe("history from before adoption is not judged", () => {
  it("git push origin --all to an empty server passes, client and server side", () => {
    const { repo, bare } = existing();
    const r = gitHooks(repo, ["push", "origin", "--all"]);
    expect(r.code, r.stderr).toBe(0);
    expect(heads(bare)).toEqual(["main", "raw/main"]);
  });

  it("the server alone (pre-push skipped) accepts the first push too", () => {
    const { repo, bare } = existing();
    const r = gitHooks(repo, ["push", "--no-verify", "origin", "--all"]);
    expect(r.code, r.stderr).toBe(0);
    expect(heads(bare)).toEqual(["main", "raw/main"]);
  });

  it("without the baseline the same push is refused (what the baseline changes)", () => {
    const { repo } = existing();
    const cfg = JSON.parse(repo.read("mlbranch.json"));
    delete cfg.adoptedAt;
    repo.write("mlbranch.json", `${JSON.stringify(cfg, null, 2)}\n`);
    repo.commit("no baseline");
    for (const args of [["push"], ["push", "--no-verify"]]) {
      const r = gitHooks(repo, [...args, "origin", "main"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("data/train.csv may not be committed on main");
    }
  });

  it("an admin's mlbranch.json in the bare repository decides alone: no baseline there, none taken", () => {
    const { repo, bare } = existing();
    writeFileSync(join(bare.dir, "mlbranch.json"), '{ "version": 1 }\n');
    const r = gitHooks(repo, ["push", "--no-verify", "origin", "--all"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("remote: mlbranch:");
    expect(r.stderr).toContain("data/train.csv may not be committed on main");
  });

  it("new data on main after adoption is still refused, by pre-push and by the server", () => {
    const { repo } = existing();
    expect(gitHooks(repo, ["push", "-q", "origin", "--all"]).code).toBe(0);
    newData(repo);
    const client = gitHooks(repo, ["push", "origin", "main"]);
    expect(client.code).toBe(1);
    expect(client.stderr).toContain("data/new.csv may not be committed on main");
    const server = gitHooks(repo, ["push", "--no-verify", "origin", "main"]);
    expect(server.code).not.toBe(0);
    expect(server.stderr).toContain("remote: mlbranch:");
    expect(server.stderr).toContain("data/new.csv may not be committed on main");
  });

  it("new data on main in the first push itself is refused (only the history before is exempt)", () => {
    const { repo } = existing();
    newData(repo);
    const server = gitHooks(repo, ["push", "--no-verify", "origin", "--all"]);
    expect(server.code).not.toBe(0);
    expect(server.stderr).toContain("data/new.csv may not be committed on main");
  });
});

describe("the baseline cannot be used to exempt later commits", () => {
  it("moving adoptedAt on main is refused", () => {
    const { repo } = existing();
    expect(gitHooks(repo, ["push", "-q", "origin", "--all"]).code).toBe(0);
    const data = newData(repo);
    const cfg = JSON.parse(repo.read("mlbranch.json"));
    repo.write("mlbranch.json", `${JSON.stringify({ ...cfg, adoptedAt: data }, null, 2)}\n`);
    repo.commit("move the baseline");
    const r = gitHooks(repo, ["push", "--no-verify", "origin", "main"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("moves adoptedAt on main");
    // The data commit itself is judged under the baseline the server has.
    expect(r.stderr).toContain("data/new.csv may not be committed on main");
  });

  it("adding a baseline that names a commit main did not have is refused", () => {
    const repo = makeRepo();
    const bare = makeRepo({ bare: true });
    made.push(repo, bare);
    repo.write("README.md", "# p\n");
    linkPackage(repo.dir);
    expect(installHooks(repo).code).toBe(0);
    repo.commit("start");
    expect(JSON.parse(repo.read("mlbranch.json")).adoptedAt).toBeUndefined();
    const init = run(process.execPath, [CLI, "init", "--server", bare.dir], repo.dir);
    expect(init.code, init.stderr).toBe(0);
    repo.git("remote", "add", "origin", bare.dir);
    expect(gitHooks(repo, ["push", "-q", "origin", "main"]).code).toBe(0);
    // Data made on a side branch, then named as the "baseline" on main and merged in.
    repo.git("checkout", "-q", "-b", "side");
    repo.write("data/x.csv", "id\n1\n");
    const side = repo.commit("data");
    repo.git("checkout", "-q", "main");
    const cfg = JSON.parse(repo.read("mlbranch.json"));
    repo.write("mlbranch.json", `${JSON.stringify({ ...cfg, adoptedAt: side }, null, 2)}\n`);
    repo.commit("baseline");
    const r = gitHooks(repo, ["push", "--no-verify", "origin", "main"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("which main did not contain before this commit");
  });
});
