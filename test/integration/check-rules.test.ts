import { describe, expect, it } from "vitest";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// Each rule both ways, on real repositories, through the built CLI.

const SOURCE = "Data-Source: s3://vendor/export-2026-11.csv";

function onRaw(repo: Repo) {
  repo.git("checkout", "-q", "-b", "raw");
  repo.write("data/iris.csv", "id,sepal\n1,5.1\n2,4.9\n");
  repo.write("data/events.jsonl", '{"id":1}\n{"id":2}\n');
  repo.commit(`add iris\n\n${SOURCE}`);
}

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return repo.mlbranch(["check", "--staged"]);
};

describe("append-only on raw", () => {
  it("accepts appended lines in .csv and .jsonl", () =>
    withRepo((repo) => {
      onRaw(repo);
      repo.write("data/iris.csv", "id,sepal\n1,5.1\n2,4.9\n3,4.7\n");
      repo.write("data/events.jsonl", '{"id":1}\n{"id":2}\n{"id":3}\n');
      const r = staged(repo);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }));

  it("refuses an in-place edit of a .csv line with the rule, file, branch and fix", () =>
    withRepo((repo) => {
      onRaw(repo);
      repo.write("data/iris.csv", "id,sepal\n1,5.2\n2,4.9\n");
      const r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("[append-only]");
      expect(r.stderr).toContain("file:   data/iris.csv");
      expect(r.stderr).toContain("branch: raw (type raw)");
      expect(r.stderr).toContain("commit corrections on the clean branch instead");
      expect(r.stderr).toContain("commit refused");
    }));

  it("refuses an edited .jsonl record even when lines are also appended", () =>
    withRepo((repo) => {
      onRaw(repo);
      repo.write("data/events.jsonl", '{"id":1}\n{"id":22}\n{"id":3}\n');
      const r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("existing lines were changed");
      expect(r.stderr).toContain('line 2 was changed from "{\\"id\\":2}" to "{\\"id\\":22}"');
    }));

  it("names a deleted raw row by its line, and a row inserted in the middle", () =>
    withRepo((repo) => {
      onRaw(repo);
      const lines = repo.read("data/iris.csv").split("\n");
      const gone = lines[1];
      repo.write("data/iris.csv", [lines[0], ...lines.slice(2)].join("\n"));
      let r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`line 2 was deleted: ${JSON.stringify(gone)}`);
      repo.write(
        "data/iris.csv",
        [...lines.slice(0, 1), "9,9,9,9,9", ...lines.slice(1)].join("\n"),
      );
      r = staged(repo);
      expect(r.stderr).toContain('a line was inserted before line 2: "9,9,9,9,9"');
      repo.write("data/iris.csv", `${lines[0]}\n`);
      r = staged(repo);
      expect(r.stderr).toContain(
        `lines from 2 on were deleted, starting with ${JSON.stringify(lines[1])}`,
      );
    }));

  it("refuses deletion, rename and mode change of raw data", () =>
    withRepo((repo) => {
      onRaw(repo);
      repo.git("rm", "-q", "data/iris.csv");
      let r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("never deleted");
      repo.git("reset", "-q", "--hard");

      repo.git("mv", "data/iris.csv", "data/iris-v1.csv");
      r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("never renamed (here to data/iris-v1.csv)");
      repo.git("reset", "-q", "--hard");

      repo.git("update-index", "--chmod=+x", "data/iris.csv");
      r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("mode may not change (100644 -> 100755)");
    }));

  it("refuses an edit of a non-line data file and accepts a new file", () =>
    withRepo((repo) => {
      onRaw(repo);
      repo.write("data/blob.bin", Buffer.from([0, 1, 2, 3]));
      repo.commit(`bin\n\n${SOURCE}`);
      repo.write("data/blob.bin", Buffer.from([0, 1, 2, 3, 4]));
      let r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("a committed file is never edited");
      repo.git("reset", "-q", "--hard");
      repo.write("data/batch-2.csv", "id,sepal\n9,6.1\n");
      r = staged(repo);
      expect(r.code).toBe(0);
    }));
});

describe("code only by merge on stable", () => {
  function setup(repo: Repo) {
    repo.write("train.py", "print('v1')\n");
    repo.commit("code v1");
    repo.git("checkout", "-q", "-b", "dev/model");
    repo.write("train.py", "print('v2')\n");
    repo.commit("code v2");
    repo.git("checkout", "-q", "main");
    repo.git("checkout", "-q", "-b", "stable/model");
    repo.write("models/model.onnx", "weights-1");
    repo.commit("train acme-1");
  }

  it("refuses code written by a plain commit", () =>
    withRepo((repo) => {
      setup(repo);
      repo.write("train.py", "print('hotfix')\n");
      const r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "[code-only-by-merge] train.py is code, and no code is written on stable/model (type stable)",
      );
      expect(r.stderr).toContain("write the change on a dev/* branch");
    }));

  it("accepts code that a merge from dev brings, in pre-merge-commit and in --range", () =>
    withRepo((repo) => {
      setup(repo);
      const base = repo.git("rev-parse", "HEAD");
      repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/model");
      expect(repo.mlbranch(["check", "--staged"]).code).toBe(0);
      repo.git("commit", "-q", "--no-edit");
      const r = repo.mlbranch(["check", "--range", `${base}..stable/model`]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toContain("ok: 1 commit on stable/model (type stable)");
      expect(r.code).toBe(0);
    }));

  it("refuses a merge resolved with a hand edit of code", () =>
    withRepo((repo) => {
      setup(repo);
      const base = repo.git("rev-parse", "HEAD");
      repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/model");
      repo.write("train.py", "print('v2 tweaked during the merge')\n");
      repo.git("add", "train.py");
      const pre = repo.mlbranch(["check", "--staged"]);
      expect(pre.code).toBe(1);
      expect(pre.stderr).toContain("differs from every parent's version");
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      const r = repo.mlbranch(["check", "--range", `${base}..HEAD`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("train.py");
      expect(r.stderr).toContain("a hand edit while resolving");
    }));

  it("lets models be overwritten on stable", () =>
    withRepo((repo) => {
      setup(repo);
      repo.write("models/model.onnx", "weights-2");
      expect(staged(repo).code).toBe(0);
    }));
});

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

describe("append-only with Git LFS", () => {
  it("compares the real content behind LFS pointers", () =>
    withRepo((repo) => {
      repo.git("checkout", "-q", "-b", "raw/main");
      repo.git("lfs", "install", "--local");
      repo.git("lfs", "track", "data/*.jsonl");
      repo.write("data/big.jsonl", '{"id":1}\n');
      repo.commit(`lfs data\n\n${SOURCE}`);
      expect(repo.git("cat-file", "-p", "HEAD:data/big.jsonl")).toContain(
        "git-lfs.github.com/spec/v1",
      );
      repo.write("data/big.jsonl", '{"id":1}\n{"id":2}\n');
      let r = staged(repo);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      repo.write("data/big.jsonl", '{"id":9}\n{"id":2}\n');
      r = staged(repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("existing lines were changed");
    }));
});
