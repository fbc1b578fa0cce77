import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { gitHooks, hooksEnv, installHooks, linkPackage } from "../helpers/installed.js";
import { CLI, makeRepo, type Repo, run } from "../helpers/withRepo.js";

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

/** A clone with mlbranch's hooks and a bare remote "origin" that has main. */
function setup(): { repo: Repo; bare: Repo } {
  const repo = makeRepo();
  const bare = makeRepo({ bare: true });
  made.push(repo, bare);
  repo.write("README.md", "# p\n");
  linkPackage(repo.dir);
  installHooks(repo);
  repo.commit("start");
  repo.git("remote", "add", "origin", bare.dir);
  expect(gitHooks(repo, ["push", "-q", "origin", "main"]).code).toBe(0);
  return { repo, bare };
}

describe("pre-push", () => {
  it("checks a ref under its remote name: HEAD:stable/x is judged as stable", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "dev/x");
    repo.write("train.py", "print(2)\n");
    repo.commit("code");
    const asStable = gitHooks(repo, ["push", "origin", "HEAD:stable/x"]);
    expect(asStable.code).toBe(1);
    expect(asStable.stderr).toContain(
      "train.py is code, and no code is written on stable/x (type stable)",
    );
    expect(asStable.stderr).toContain("push refused by pre-push");
    expect(gitHooks(repo, ["push", "-q", "origin", "dev/x"]).code).toBe(0);
  });

  it("judges a new branch's history beyond main even where the remote has it under another name", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "dev/x");
    repo.write("train.py", "print(2)\n");
    repo.commit("code");
    expect(gitHooks(repo, ["push", "-q", "origin", "dev/x"]).code).toBe(0);
    // A stable branch made with plain git at dev's commit: its history is dev's code commit.
    repo.git("branch", "stable/x", "dev/x");
    const r = gitHooks(repo, ["push", "origin", "stable/x"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "train.py is code, and no code is written on stable/x (type stable)",
    );
    // Another dev branch from it passes: the same commits are fine as dev history.
    repo.git("branch", "dev/y", "dev/x");
    expect(gitHooks(repo, ["push", "-q", "origin", "dev/y"]).code).toBe(0);
  });

  it("refuses --no-verify commits that break a rule, and replays every new commit", () => {
    const { repo } = setup();
    repo.write("notes.md", "ok\n");
    repo.commit("fine");
    repo.write("data/x.csv", "a\n");
    const bad = repo.commit("data on main");
    repo.write("notes.md", "ok 2\n");
    repo.commit("fine again");
    const r = gitHooks(repo, ["push", "origin", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`commit: ${bad.slice(0, 10)}`);
    expect(r.stderr).toContain("data/x.csv may not be committed on main");
  });

  it("refuses rewriting or deleting a protected branch, and pushing over a remote sha it lacks", () => {
    const { repo, bare } = setup();
    repo.git("checkout", "-q", "-b", "raw");
    repo.write("data/a.csv", "a\n");
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "raw data", "-m", "Data-Source: s3://b/a.csv");
    expect(gitHooks(repo, ["push", "-q", "origin", "raw"]).code).toBe(0);
    repo.write("data/b.csv", "b\n");
    repo.git("add", "-A");
    repo.git(
      "commit",
      "-q",
      "--no-verify",
      "--amend",
      "-m",
      "raw data",
      "-m",
      "Data-Source: s3://b/a.csv",
    );
    const force = gitHooks(repo, ["push", "--force", "origin", "raw"]);
    expect(force.code).toBe(1);
    expect(force.stderr).toContain("rewrites the history of raw (type raw), a protected branch");
    const del = gitHooks(repo, ["push", "origin", ":raw"]);
    expect(del.code).toBe(1);
    expect(del.stderr).toContain("deleting raw (type raw) is refused");

    // Someone else pushes to raw; this clone has not fetched it.
    const other = makeRepo();
    made.push(other);
    other.git("fetch", "-q", bare.dir, "raw:raw");
    other.git("checkout", "-q", "raw");
    other.write("data/c.csv", "c\n");
    other.git("add", "-A");
    other.git("commit", "-q", "-m", "more", "-m", "Data-Source: s3://b/c.csv");
    other.git("push", "-q", bare.dir, "raw");
    const blind = gitHooks(repo, ["push", "--force", "origin", "raw"]);
    expect(blind.code).toBe(1);
    expect(blind.stderr).toContain("which this clone does not have");
  });

  it("judges with origin's mlbranch.json from before the push, not a loosened one being pushed", () => {
    const { repo } = setup();
    repo.write(
      "mlbranch.json",
      JSON.stringify({ version: 1, types: { main: { match: ["main"] } } }),
    );
    repo.commit("loosen the rules");
    repo.write("data/x.csv", "a\n");
    repo.commit("data on main");
    const r = gitHooks(repo, ["push", "origin", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data/x.csv may not be committed on main");
  });

  it("refuses tags on stable commits that do not match tagPattern", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "stable/resnet");
    repo.write("models/m.pt", "weights\n");
    repo.commit("model");
    expect(gitHooks(repo, ["push", "-q", "origin", "stable/resnet"]).code).toBe(0);
    repo.git("tag", "v1");
    const bad = gitHooks(repo, ["push", "origin", "v1"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "tag v1 marks a commit of stable/resnet (type stable), whose tags must look like {prefix}-{n}",
    );
    repo.git("tag", "-a", "-m", "first", "resnet-1");
    expect(gitHooks(repo, ["push", "-q", "origin", "resnet-1"]).code).toBe(0);
    repo.git("checkout", "-q", "main");
    repo.git("tag", "docs-v1.0");
    expect(gitHooks(repo, ["push", "-q", "origin", "docs-v1.0"]).code).toBe(0);
  });
});

describe("pre-receive (mlbranch init --server)", () => {
  function server(): { repo: Repo; bare: Repo } {
    const s = setup();
    const r = run(process.execPath, [CLI, "init", "--server", s.bare.dir], s.repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("installed");
    return s;
  }

  it("refuses what client hooks were told to skip, with the same message", () => {
    const { repo } = server();
    repo.write("data/x.csv", "a\n");
    repo.commit("data on main");
    const r = gitHooks(repo, ["push", "--no-verify", "origin", "main"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "remote: mlbranch: error [deny] data/x.csv may not be committed on main",
    );
    expect(r.stderr).toContain("pre-receive hook declined");
  });

  it("judges a new branch's history beyond main, also what the server has under another name", () => {
    const { repo } = server();
    repo.git("checkout", "-q", "-b", "dev/x");
    repo.write("train.py", "print(2)\n");
    repo.commit("code");
    expect(gitHooks(repo, ["push", "-q", "--no-verify", "origin", "dev/x"]).code).toBe(0);
    const r = gitHooks(repo, ["push", "--no-verify", "origin", "dev/x:stable/x"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "train.py is code, and no code is written on stable/x (type stable)",
    );
    expect(r.stderr).toContain("pre-receive hook declined");
  });

  it("judges by the default branch's mlbranch.json before the push, not the pushed one", () => {
    const { repo } = server();
    const loose = { version: 1, types: { main: { match: ["main"] } } };
    repo.write("mlbranch.json", JSON.stringify(loose));
    repo.commit("loosen the rules");
    repo.write("data/x.csv", "a\n");
    repo.commit("data on main");
    const r = gitHooks(repo, ["push", "--no-verify", "origin", "main"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("data/x.csv may not be committed on main");
  });

  it("accepts a change to mlbranch.json only on the default branch", () => {
    const { repo } = server();
    repo.git("checkout", "-q", "-b", "dev/x");
    repo.write("mlbranch.json", JSON.stringify({ version: 1, unknownBranch: "allow" }));
    repo.commit("change rules on dev");
    const r = gitHooks(repo, ["push", "--no-verify", "origin", "dev/x"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("[config-change] mlbranch.json changes on dev/x (type dev)");
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--no-verify", "--ff-only", "dev/x");
    expect(gitHooks(repo, ["push", "-q", "--no-verify", "origin", "main"]).code).toBe(0);
    // Merging the default branch brings its mlbranch.json unchanged: allowed.
    repo.git("checkout", "-q", "-b", "dev/y", "main~1");
    repo.write("y.py", "y = 1\n");
    repo.commit("y");
    repo.git("merge", "-q", "--no-verify", "--no-edit", "main");
    expect(gitHooks(repo, ["push", "-q", "--no-verify", "origin", "dev/y"]).code).toBe(0);
  });

  it("keeps a pre-receive hook that was there and runs it after its own", () => {
    const s = setup();
    s.bare.write("hooks/pre-receive", "#!/bin/sh\necho 'old hook says no' >&2\nexit 1\n", 0o755);
    run(process.execPath, [CLI, "init", "--server", s.bare.dir], s.repo.dir);
    s.repo.write("notes.md", "n\n");
    s.repo.commit("notes");
    const r = gitHooks(s.repo, ["push", "--no-verify", "origin", "main"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("old hook says no");
    expect(
      run(process.execPath, [CLI, "init", "--server", s.bare.dir], s.repo.dir).stdout,
    ).toContain("nothing changed");
  });
});

describe("a push of many commits", () => {
  it("asks git for the record paths of every commit at once and still judges each commit", () => {
    const { repo, bare } = setup();
    // A record path only a nested .gitattributes of the default branch names.
    repo.write("logs/.gitattributes", "*.rec merge=mlbranch-jsonl\n");
    repo.commit("logs are JSONL records");
    expect(gitHooks(repo, ["push", "-q", "origin", "main"]).code).toBe(0);
    repo.git("checkout", "-q", "-b", "dev/logs");
    for (let i = 0; i < 12; i++) {
      repo.write(`logs/f${i}.rec`, i === 9 ? '{"a": 1}\n{broken\n' : `{"a": ${i}}\n`);
      repo.git("add", "-A");
      repo.git("commit", "-q", "--no-verify", "-m", `log ${i}`);
    }
    const env = hooksEnv({ MLBRANCH_DEBUG: "1" });
    const client = gitHooks(repo, ["push", "origin", "dev/logs"], { env });
    expect(client.code).toBe(1);
    expect(client.stderr).toContain("logs/f9.rec");
    expect(client.stderr).not.toMatch(/logs\/f(?:[0-8]|1[01])\.rec/);
    expect(client.stderr.match(/ {2}git check-attr /g)).toHaveLength(1);
    // The server judges the same push the same way, with one look-up too.
    expect(run(process.execPath, [CLI, "init", "--server", bare.dir], repo.dir).code).toBe(0);
    const server = gitHooks(repo, ["push", "--no-verify", "origin", "dev/logs"], { env });
    expect(server.code).toBe(1);
    expect(server.stderr).toContain("logs/f9.rec");
    expect(server.stderr.match(/ {2}git check-attr /g)).toHaveLength(1);
  });
});
