import { describe, expect, it } from "vitest";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// Each rule both ways, on real repositories, through the built CLI.

const SOURCE = "Data-Source: s3://vendor/export-2026-11.csv";

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return repo.mlbranch(["check", "--staged"]);
};

describe("trailers", () => {
  it("refuses a raw data commit without Data-Source and accepts one with it", () =>
    withRepo((repo) => {
      repo.git("checkout", "-q", "-b", "raw");
      repo.write("data/a.csv", "id\n1\n");
      repo.git("add", "-A");
      repo.write("msg-bad", "add data\n\n# Data-Source: commented out does not count\n");
      let r = repo.mlbranch(["check", "--message", "msg-bad"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('without a "Data-Source:" trailer');
      expect(r.stderr).toContain('git commit --trailer "Data-Source:');
      repo.write(
        "msg-ok",
        `add data\n\nBody text.\n\n${SOURCE}\nData-License: CC-BY-4.0\n# a comment\n`,
      );
      r = repo.mlbranch(["check", "--message", "msg-ok", "--staged"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }));

  it("refuses malformed Derived-From and one naming a commit the repo lacks", () =>
    withRepo((repo) => {
      repo.write("README.md", "x\n");
      const sha = repo.commit("init");
      repo.git("checkout", "-q", "-b", "clean");
      repo.write("data/a.csv", "id\n1\n");
      repo.commit("clean data\n\nDerived-From: the raw branch");
      repo.write("data/b.csv", "id\n2\n");
      repo.commit("clean more\n\nDerived-From: raw@0123456789abcdef");
      repo.write("data/c.csv", "id\n3\n");
      repo.commit(`clean again\n\nDerived-From: raw@${sha.slice(0, 12)}`);
      const r = repo.mlbranch(["check", "--range", "main..clean", "--json"]);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout);
      expect(out.commits).toBe(3);
      expect(out.violations.map((v: { message: string }) => v.message)).toEqual([
        expect.stringContaining('has "Derived-From: the raw branch", which does not match'),
        expect.stringContaining("but this repository has no such commit"),
      ]);
    }));

  it("judges a merge's trailers through the commits it brings in", () =>
    withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      repo.git("checkout", "-q", "-b", "raw/main");
      repo.write("data/a.csv", "id\n1\n");
      repo.commit(`a\n\n${SOURCE}`);
      const base = repo.git("rev-parse", "HEAD");
      repo.git("checkout", "-q", "-b", "raw/vendor-b");
      repo.write("data/b.csv", "id\n2\n");
      repo.commit(`b\n\n${SOURCE}`);
      repo.write("data/c.csv", "id\n3\n");
      const bad = repo.commit("c without provenance");
      repo.git("checkout", "-q", "raw/main");
      // git cannot hold both "raw" and "raw/x" (a ref can't be a file and a folder): use raw/main.
      repo.git("merge", "-q", "--no-ff", "--no-edit", "raw/vendor-b");
      const r = repo.mlbranch(["check", "--range", `${base}..raw/main`, "--json"]);
      const out = JSON.parse(r.stdout);
      expect(r.code).toBe(1);
      expect(out.violations).toHaveLength(1);
      expect(out.violations[0].commit).toBe(bad);
      expect(out.violations[0].path).toBe("data/c.csv");
    }));
});

describe("max file size", () => {
  it("refuses a big file stored in git and accepts it through Git LFS", () =>
    withRepo((repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.write("data/sample.bin", Buffer.alloc(2 * 1024 * 1024, 7));
      let r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "[max-file-size] data/sample.bin is 2.0 MiB, above the 1.0 MiB limit",
      );
      expect(r.stderr).toContain("git lfs track 'data/sample.bin'");
      repo.git("reset", "-q");
      repo.git("lfs", "install", "--local");
      repo.git("lfs", "track", "data/*.bin");
      r = staged(repo);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }));
});

describe("allow / deny", () => {
  it("refuses a model on main and data on main, accepts docs", () =>
    withRepo((repo) => {
      repo.write("docs/problem.md", "# problem\n");
      expect(staged(repo).code).toBe(0);
      repo.write("models/m.pt", "w");
      repo.write("data/x.csv", "a\n");
      const r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("models/m.pt may not be committed on main (type main)");
      expect(r.stderr).toContain("data/x.csv may not be committed on main (type main)");
    }));

  it("honours an allow list from mlbranch.json", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({ types: { lab: { match: ["lab/**"], allow: ["notes/**"] } } }),
      );
      repo.commit("config");
      repo.git("checkout", "-q", "-b", "lab/a");
      repo.write("notes/n.md", "n\n");
      expect(staged(repo).code).toBe(0);
      repo.write("src/x.py", "x\n");
      const r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "src/x.py is outside what lab/a (type lab) may hold (allow: notes/**)",
      );
    }));
});
