import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/merge/sqlite/openDatabase.js";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { missing } from "../helpers/requires.js";
import { CLI, makeRepo, type Repo, run } from "../helpers/withRepo.js";

// Record files (JSONL, CSV/TSV, lines, JSON, SQLite) are committed only as their merge driver
// reads them: refused at commit (hooks installed), at pre-receive (client hooks skipped) and by
// `mlbranch check --range` (CI), on every branch type.

const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});

/** A clone with hooks installed, and a bare remote with mlbranch's pre-receive. */
function setup(): { repo: Repo; bare: Repo } {
  const bare = makeRepo({ bare: true });
  const repo = makeRepo();
  made.push(repo, bare);
  const init = run(process.execPath, [CLI, "init", "--server", bare.dir], repo.dir);
  expect(init.code, init.stderr).toBe(0);
  linkPackage(repo.dir);
  const inst = installHooks(repo);
  expect(inst.code, inst.stderr).toBe(0);
  repo.write("README.md", "# p\n");
  repo.write("mlbranch.json", JSON.stringify({ version: 1, unknownBranch: "allow" }));
  repo.commit("start");
  repo.git("remote", "add", "origin", bare.dir);
  expect(repo.tryGit("push", "-q", "--no-verify", "origin", "main").code).toBe(0);
  return { repo, bare };
}

const MARKERS = '{"a":1}\n<<<<<<< ours\n{"a":2}\n=======\n{"a":3}\n>>>>>>> theirs\n';

const cases: {
  name: string;
  branch: string;
  path: string;
  good: string;
  more: string;
  bad: string;
  says: string;
}[] = [
  {
    name: "conflict markers in JSONL on dev/*",
    branch: "dev/m",
    path: "tracking/m.jsonl",
    good: '{"a":1}\n',
    more: '{"a":9}\n',
    bad: MARKERS,
    says: "tracking/m.jsonl holds conflict markers (line 2",
  },
  {
    name: "a JSONL line that is not JSON on main",
    branch: "main",
    path: "tracking/runs.jsonl",
    good: '{"run":1}\n',
    more: '{"run":2}\n',
    bad: '{"run":1}\n{"run":2}\n{"run": 3\n',
    says: "tracking/runs.jsonl line 3 is not JSON",
  },
  {
    name: "a CSV row of the wrong width after quoting on raw",
    branch: "raw",
    path: "data/a.csv",
    good: 'id,text\n1,"a, b"\n',
    more: '2,"c,d"\n',
    bad: 'id,text\n1,"a, b"\n2,"c",d\n',
    says: "data/a.csv line 3 has 3 fields, the header has 2",
  },
  {
    name: "conflict markers in a CSV on ds/*",
    branch: "ds/x",
    path: "ab/results.csv",
    good: "id,v\n1,2\n",
    more: "2,3\n",
    bad: "id,v\n<<<<<<< HEAD\n1,2\n=======\n1,3\n>>>>>>> b\n",
    says: "ab/results.csv holds conflict markers (line 2",
  },
  {
    name: "an MLflow metric file with conflict markers on stable/*",
    branch: "stable/m",
    path: "mlruns/0/r1/metrics/loss",
    good: "1 0.5 0\n",
    more: "2 0.4 1\n",
    bad: "1 0.5 0\n<<<<<<< ours\n2 0.4 1\n=======\n2 0.3 1\n>>>>>>> theirs\n",
    says: "mlruns/0/r1/metrics/loss holds conflict markers (line 2",
  },
];

describe("records-well-formed", () => {
  for (const c of cases)
    it(`${c.name}: refused at commit, pre-receive and check --range; fine once fixed`, () => {
      const { repo } = setup();
      if (c.branch !== "main") repo.git("checkout", "-q", "-b", c.branch);
      const trailer = c.branch === "raw" ? ["-m", "Data-Source: s3://bucket/a.csv"] : [];
      repo.write(c.path, c.good);
      repo.git("add", "-A");
      const ok = gitHooks(repo, ["commit", "-q", "-m", "good", ...trailer]);
      expect(ok.code, ok.stderr).toBe(0);
      const before = repo.git("rev-parse", "HEAD");

      repo.write(c.path, c.bad);
      repo.git("add", "-A");
      const commit = gitHooks(repo, ["commit", "-q", "-m", "bad", ...trailer]);
      expect(commit.code).not.toBe(0);
      expect(commit.stderr).toContain("[records-well-formed]");
      expect(commit.stderr).toContain(c.says);
      expect(commit.stderr).toMatch(/fix: +\S/);

      // Client hooks skipped: the commit is made, the server refuses it, CI refuses it.
      repo.git("commit", "-q", "--no-verify", "-m", "bad", ...trailer);
      const push = repo.tryGit("push", "--no-verify", "origin", c.branch);
      expect(push.code).not.toBe(0);
      expect(push.stderr).toContain("pre-receive hook declined");
      expect(push.stderr).toContain(c.says);
      const ci = repo.mlbranch(["check", "--range", `${before}..HEAD`, "--branch", c.branch]);
      expect(ci.code, ci.stderr).toBe(1);
      expect(ci.stderr).toContain(c.says);

      // The bad commit taken back and a well-formed append made instead: everything passes.
      repo.git("reset", "-q", "--soft", "HEAD^");
      repo.write(c.path, c.good + c.more);
      repo.git("add", "-A");
      const fixed = gitHooks(repo, ["commit", "-q", "-m", "fixed", ...trailer]);
      expect(fixed.code, fixed.stderr).toBe(0);
      const push2 = repo.tryGit("push", "--no-verify", "origin", c.branch);
      expect(push2.code, push2.stderr).toBe(0);
    });

  it("an append is judged on what it adds; an untouched bad prefix is not re-judged", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "dev/x");
    repo.write("d/x.jsonl", '{"a":1}\nnot json\n');
    repo.commit("bad, committed with hooks skipped");
    repo.write("d/x.jsonl", '{"a":1}\nnot json\n{"a":2}\n');
    repo.git("add", "-A");
    const r = gitHooks(repo, ["commit", "-q", "-m", "append"]);
    expect(r.code, r.stderr).toBe(0);
    repo.write("d/x.jsonl", '{"a":1}\nnot json\n{"a":2}\n{"a":\n');
    repo.git("add", "-A");
    const bad = gitHooks(repo, ["commit", "-q", "-m", "append"]);
    expect(bad.stderr).toContain("d/x.jsonl line 4 is not JSON");
  });

  it("files no record driver merges are not judged (-merge, a .txt, a JSON not set to merge=json)", () => {
    const { repo } = setup();
    repo.git("checkout", "-q", "-b", "dev/x");
    repo.write(".gitattributes", `${repo.read(".gitattributes")}odd/*.jsonl -merge\n`);
    repo.write("odd/x.jsonl", MARKERS);
    repo.write("notes.txt", MARKERS);
    repo.write("conf/a.json", "{ not json");
    repo.git("add", "-A");
    const r = gitHooks(repo, ["commit", "-q", "-m", "free text"]);
    expect(r.code, r.stderr).toBe(0);
  });

  it.skipIf(missing("sqlite-engine"))(
    "an SQLite file that fails its integrity check is refused; a WAL-mode one commits without side files",
    () => {
      const { repo } = setup();
      repo.git("checkout", "-q", "-b", "dev/db");
      // Reading a staged database (lint-staged's validate, the rules) leaves nothing beside it,
      // whatever its journal mode.
      repo.write("data/.keep", "");
      for (const mode of ["WAL", "DELETE", "MEMORY"]) {
        const db = openDatabase(join(repo.dir, "data", `${mode.toLowerCase()}.sqlite`));
        db.pragma(`journal_mode = ${mode}`);
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a');");
        db.close();
      }
      repo.git("add", "-A");
      const ok = gitHooks(repo, ["commit", "-q", "-m", "db"]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(repo.git("status", "--porcelain", "--untracked-files=all")).toBe("");
      const file = join(repo.dir, "data", "wal.sqlite");

      // Damage a page: the integrity check fails, the commit and the push are refused.
      const raw = readFileSync(file);
      raw.fill(0x41, 4096 + 8, 4096 + 64);
      writeFileSync(file, raw);
      repo.git("add", "-A");
      const bad = gitHooks(repo, ["commit", "-q", "-m", "damaged"]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain("data/wal.sqlite is not a sound SQLite database");
      repo.git("commit", "-q", "--no-verify", "-m", "damaged");
      const push = repo.tryGit("push", "--no-verify", "origin", "dev/db");
      // The server's copy of mlbranch has no node_modules: on Node 20 it has no SQLite engine
      // and says the check was not made; with node:sqlite (Node >= 22.13) it refuses.
      expect(push.stderr).toMatch(
        /data\/wal\.sqlite(?: is not a sound SQLite database|: its SQLite integrity could not be checked here)/,
      );
      const ci = repo.mlbranch(["check", "--range", "main..dev/db", "--branch", "dev/db"]);
      expect(ci.code).toBe(1);
      expect(ci.stderr).toContain("data/wal.sqlite is not a sound SQLite database");
    },
  );
});
