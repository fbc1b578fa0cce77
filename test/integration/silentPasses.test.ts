import { describe, expect, it } from "vitest";
import { withRepo } from "../helpers/withRepo.js";

describe("no silent passes, no wrong fixes", () => {
  it("validate: a missing file is an error naming it (exit 2); --json reports each file", () =>
    withRepo((repo) => {
      repo.write("ok.jsonl", '{"a":1}\n');
      repo.write("bad.jsonl", '{"a":1}\n{oops\n');
      const r = repo.mlbranch(["validate", "missing.jsonl", "ok.jsonl"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("missing.jsonl");
      expect(r.stderr).not.toContain("ok.jsonl");
      const j = repo.mlbranch(["validate", "--json", "ok.jsonl", "bad.jsonl"]);
      expect(j.code).toBe(1);
      const out = JSON.parse(j.stdout);
      expect(out.ok).toBe(false);
      expect(out.files.map((f: { path: string; ok: boolean }) => [f.path, f.ok])).toEqual([
        ["ok.jsonl", true],
        ["bad.jsonl", false],
      ]);
      expect(out.files[1].problems[0]).toMatch(/line 2/);
      // Errors under --json are JSON on stdout too.
      const e = repo.mlbranch(["validate", "--json", "missing.jsonl"]);
      expect(e.code).toBe(2);
      expect(JSON.parse(e.stdout)).toMatchObject({ ok: false, error: { exitCode: 2 } });
      expect(JSON.parse(e.stdout).error.message).toContain("missing.jsonl");
    }));

  it("drift: files with no column in common are an error, not 'no drift'", () =>
    withRepo((repo) => {
      repo.write("ref.jsonl", '{"a":1}\n{"a":2}\n');
      repo.write("cur.jsonl", '{"b":1}\n{"b":2}\n');
      const r = repo.mlbranch(["drift", "--reference", "ref.jsonl", "--current", "cur.jsonl"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("no column in common");
      expect(r.stdout).not.toContain("no drift");
      const j = repo.mlbranch([
        "drift",
        "--json",
        "--reference",
        "ref.jsonl",
        "--current",
        "cur.jsonl",
      ]);
      expect(j.code).toBe(2);
      expect(JSON.parse(j.stdout).error.message).toContain("no column in common");
    }));

  it("every --json command answers a bad invocation with JSON", () =>
    withRepo((repo) => {
      repo.commit("init", { allowEmpty: true });
      for (const args of [
        ["check", "--json"],
        ["check", "--json", "--range", "nope..HEAD"],
        ["status", "--json", "--bogus"],
      ]) {
        const r = repo.mlbranch(args);
        expect(r.code, args.join(" ")).toBe(2);
        expect(JSON.parse(r.stdout).ok).toBe(false);
        expect(r.stdout).not.toContain("Usage:");
      }
    }));

  it("a refused commit already made is told to rewrite it (reset, then the index fix) or revert", () =>
    withRepo((repo) => {
      repo.write("train.py", "print(1)\n");
      repo.commit("start");
      repo.write("data/x.csv", "a\n");
      const sha = repo.commit("data on main");
      const r = repo.mlbranch(["check", "--range", "HEAD~1..HEAD"]);
      expect(r.code).toBe(1);
      // Unstaging alone cannot undo a commit: it comes after taking the commit apart.
      expect(r.stderr).not.toMatch(/unstage it: git restore --staged/);
      expect(r.stderr).toContain(
        "run `git reset --soft HEAD~1 && git restore --staged -- 'data/x.csv'`",
      );
      expect(r.stderr).toContain(`git revert --no-edit ${sha.slice(0, 10)}`);
      // The staged check still says how to unstage.
      repo.write("data/y.csv", "b\n");
      repo.git("add", "data/y.csv");
      expect(repo.mlbranch(["check", "--staged"]).stderr).toContain("git restore --staged");
    }));
});
