import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/merge/sqlite/openDatabase.js";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { commitWith } from "../helpers/pipeline.js";
import { missing } from "../helpers/requires.js";
import { makeRepo, type Repo, run, withRepo } from "../helpers/withRepo.js";

const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at |internal error|this is a bug/);

function devModel(repo: Repo): void {
  repo.write("README.md", "x\n");
  repo.commit("init");
  repo.git("switch", "-q", "-c", "dev/model");
  repo.write("train.py", "print(1)\n");
  repo.commit("dev: train.py");
}

describe("workflow commands: the documented answer or exit 2 with the fix", () => {
  it("compare --metric rate on a count column is exit 2, pointing at --metric mean", async () => {
    await withRepo((repo) => {
      const lines = Array.from({ length: 400 }, (_, i) =>
        JSON.stringify({ model_tag: i % 2 ? "acme-2" : "acme-1", value: i % 3 }),
      );
      repo.write("m.jsonl", `${lines.join("\n")}\n`);
      const r = repo.mlbranch([
        "compare",
        "m.jsonl",
        "--by",
        "model_tag",
        "--metric",
        "rate",
        "--baseline",
        "acme-1",
      ]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain("--metric rate is the share of 1s");
      expect(r.stderr).toContain("--metric mean");
      noTrace(r.stderr);
      repo.write(
        "ok.jsonl",
        `${lines.map((l) => l.replace(/"value":2/, '"value":1')).join("\n")}\n`,
      );
      expect(
        repo.mlbranch([
          "compare",
          "ok.jsonl",
          "--by",
          "model_tag",
          "--metric",
          "rate",
          "--baseline",
          "acme-1",
        ]).code,
      ).not.toBe(2);
    });
  });

  it("validate refuses a JSON Lines line that is an array (exit 1): records are objects", async () => {
    await withRepo((repo) => {
      repo.write("tracking/runs.jsonl", '{"run_id":"a"}\n[1,2]\n');
      const r = repo.mlbranch(["validate", "tracking/runs.jsonl"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("line 2 is a JSON array, not a record");
    });
  });

  it("pre-commit refuses a tracking file line that is an array, so tag and promote never meet it", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      linkPackage(repo.dir);
      expect(installHooks(repo).code).toBe(0);
      repo.commit("install");
      repo.git("switch", "-q", "-c", "stable/model");
      repo.write("tracking/runs.jsonl", '{"run_id":"a"}\n["run_id","b"]\n');
      repo.git("add", "-A");
      const r = gitHooks(repo, ["commit", "-q", "-m", "runs"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toContain("line 2 is a JSON array, not a record");
    });
  });

  it("trunk as default branch: the installer writes defaultBranch, and branch stable --from dev/model is refused", async () => {
    await withRepo(
      (repo) => {
        devModel(repo);
        repo.git("switch", "-q", "trunk");
        // Not installed: the default branch "main" is not here, so the start cannot be judged.
        const bare = repo.mlbranch(["branch", "stable", "model", "--from", "dev/model"]);
        expect(bare.code).toBe(2);
        expect(bare.stderr).toContain('Set "defaultBranch" in mlbranch.json');
        linkPackage(repo.dir);
        const inst = installHooks(repo);
        expect(inst.code, inst.stderr).toBe(0);
        expect(JSON.parse(repo.read("mlbranch.json")).defaultBranch).toBe("trunk");
        repo.commit("install mlbranch");
        const r = repo.mlbranch(["branch", "stable", "model", "--from", "dev/model"]);
        expect(r.code, r.stderr).toBe(1);
        expect(repo.tryGit("rev-parse", "--verify", "-q", "stable/model").code).not.toBe(0);
        const ok = repo.mlbranch(["branch", "stable", "model", "--from", "trunk"]);
        expect(ok.code, ok.stderr).toBe(0);
      },
      { initialBranch: "trunk" },
    );
  });

  it("branch toString x, and a tagPattern repeating {n}, end in a message or an answer, not a stack trace", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      const r = repo.mlbranch(["branch", "toString", "x"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('"toString" is not a branch type');
      noTrace(r.stderr);
      repo.write(
        "mlbranch.json",
        JSON.stringify({ version: 1, types: { stable: { tagPattern: "{prefix}-{n}-rc{n}" } } }),
      );
      repo.commit("config");
      repo.git("switch", "-q", "-c", "stable/model");
      const t = repo.mlbranch(["tag", "--prefix", "acme", "--next"]);
      expect(t.code, t.stderr).toBe(0);
      expect(t.stdout.trim()).toBe("acme-1-rc1");
      noTrace(t.stderr);
    });
  });

  it("tag on main suggests a branch command that branch accepts", async () => {
    await withRepo((repo) => {
      devModel(repo);
      repo.git("switch", "-q", "main");
      const r = repo.mlbranch(["tag", "--prefix", "acme"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "mlbranch branch stable model --from main && git merge --no-ff dev/model",
      );
      expect(repo.mlbranch(["branch", "stable", "model", "--from", "main"]).code).toBe(0);
      expect(repo.tryGit("merge", "-q", "--no-ff", "--no-edit", "dev/model").code).toBe(0);
    });
  });

  it("branch clean --from origin/main in a fresh clone refuses beside origin/clean", async () => {
    await withRepo((src) => {
      src.write("README.md", "x\n");
      src.commit("init");
      src.git("switch", "-q", "-c", "clean");
      src.write("data/a.csv", "id\n1\n");
      commitWith(src, "clean data", ["Derived-From: raw@1234567"]);
      src.git("switch", "-q", "main");
      const c = makeRepo();
      rmSync(join(c.dir, ".git"), { recursive: true, force: true });
      expect(run("git", ["clone", "-q", `file://${src.dir}`, c.dir], src.dir).code).toBe(0);
      try {
        const r = c.mlbranch(["branch", "clean", "--from", "origin/main"]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("git switch clean");
        expect(c.tryGit("rev-parse", "--verify", "-q", "refs/heads/clean").code).not.toBe(0);
      } finally {
        rmSync(c.dir, { recursive: true, force: true });
      }
    });
  });

  it("pull-data: headers that differ only by a BOM are one header", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("main");
      repo.git("switch", "-q", "-c", "raw");
      repo.write("data/a.csv", "\uFEFFid,v\n1,a\n");
      commitWith(repo, "raw 1", ["Data-Source: s3://a"]);
      repo.git("switch", "-q", "-c", "clean", "main");
      repo.write("data/a.csv", "id,v\n1,a\n");
      commitWith(repo, "clean", ["Derived-From: raw@" + repo.git("rev-parse", "raw")]);
      repo.git("switch", "-q", "raw");
      repo.write("data/a.csv", "\uFEFFid,v\n1,a\n2,b\n");
      commitWith(repo, "raw 2", ["Data-Source: s3://b"]);
      repo.git("switch", "-q", "clean");
      const r = repo.mlbranch(["pull-data", "raw"]);
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read("data/a.csv")).toBe("id,v\n1,a\n2,b\n");
    });
  });

  it.skipIf(missing("sqlite-engine"))(
    "conflicts --table Labels (SQLite ignores case) shows the labels conflicts; another table's name says which remain",
    async () => {
      await withRepo((repo) => {
        const db = openDatabase(join(repo.dir, "l.sqlite"));
        db.exec(
          "CREATE TABLE labels (id INTEGER PRIMARY KEY, v TEXT);" +
            "CREATE TABLE mlbranch_conflicts (table_name TEXT NOT NULL, pk TEXT, base TEXT, ours TEXT, theirs TEXT, reason TEXT);" +
            `INSERT INTO mlbranch_conflicts VALUES ('labels', '[1]', '{"v":"a"}', '{"v":"b"}', '{"v":"c"}', 'both changed v');`,
        );
        db.close();
        const r = repo.mlbranch(["conflicts", "l.sqlite", "--table", "Labels"]);
        expect(r.code).toBe(1);
        expect(r.stdout).toContain("1 conflict");
        const other = repo.mlbranch(["conflicts", "l.sqlite", "--table", "other"]);
        expect(other.code).toBe(1);
        expect(other.stderr).toContain("1 conflict remain in labels");
        expect(other.stdout).not.toContain("no unresolved");
      });
    },
  );
});
