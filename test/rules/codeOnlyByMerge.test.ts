import { describe, expect, it } from "vitest";
import { runRule } from "../helpers/runRule.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// code-only-by-merge: on stable/** code (@code) changes only in a merge, and only to a version
// one of the merged parents has.

const RULE = "code-only-by-merge";

/** main with train.py v1, dev/model with v2, stable/model checked out with a model. */
function setup(repo: Repo, extra: Record<string, string> = {}) {
  repo.write("train.py", "print('v1')\n");
  for (const [p, c] of Object.entries(extra)) repo.write(p, c);
  repo.commit("code v1");
  repo.git("checkout", "-q", "-b", "dev/model");
  repo.write("train.py", "print('v2')\n");
  repo.commit("code v2");
  repo.git("checkout", "-q", "main");
  repo.git("checkout", "-q", "-b", "stable/model");
  repo.write("models/model.onnx", "weights-1");
  repo.commit("train acme-1");
}

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};

describe("code only by merge on stable", () => {
  it("refuses code written by a plain commit", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.write("train.py", "print('hotfix')\n");
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({ rule: RULE, path: "train.py", branch: "stable/model" });
      expect(v.message).toContain(
        "train.py is code, and no code is written on stable/model (type stable)",
      );
      expect(v.fix).toContain("write the change on a dev/* branch");
    }));

  it("accepts code that a merge from dev brings, staged and as a commit in a range", () =>
    withRepo(async (repo) => {
      setup(repo);
      const base = repo.git("rev-parse", "HEAD");
      repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/model");
      expect(await runRule(repo, RULE)).toEqual([]);
      repo.git("commit", "-q", "--no-edit");
      expect(await runRule(repo, RULE, { range: `${base}..stable/model` })).toEqual([]);
    }));

  it("judges each of many code files a merge brings by its own path, odd names included", () =>
    withRepo(async (repo) => {
      // Paths that are pathspec magic unless taken literally: "*.py" would match every file.
      const odd = ["src/*.py", "src/[ab].py", "src/a.py", "src/b.py", "src/with space.py"];
      setup(repo, Object.fromEntries(odd.map((p) => [p, "x = 1\n"])));
      repo.git("checkout", "-q", "dev/model");
      for (const p of odd) repo.write(p, `x = "${p}"\n`);
      repo.commit("edit every file on dev");
      repo.git("checkout", "-q", "stable/model");
      const base = repo.git("rev-parse", "HEAD");
      repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/model");
      expect(await runRule(repo, RULE)).toEqual([]);
      // One hand edit during the merge: only that file is named.
      repo.write("src/[ab].py", "x = 'tweaked'\n");
      repo.git("add", "-A");
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      const found = await runRule(repo, RULE, { range: `${base}..HEAD` });
      expect(found.map((v) => v.path)).toEqual(["src/[ab].py"]);
    }));

  it("refuses a merge resolved with a hand edit of code, staged and in a range", () =>
    withRepo(async (repo) => {
      setup(repo);
      const base = repo.git("rev-parse", "HEAD");
      repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/model");
      repo.write("train.py", "print('v2 tweaked during the merge')\n");
      expect(await staged(repo)).toMatchObject([
        {
          path: "train.py",
          message: expect.stringContaining("differs from every parent's version"),
        },
      ]);
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      const merge = repo.git("rev-parse", "HEAD");
      expect(await runRule(repo, RULE, { range: `${base}..HEAD` })).toMatchObject([
        {
          path: "train.py",
          commit: merge,
          message: expect.stringContaining("a hand edit while resolving"),
        },
      ]);
    }));

  it("lets models be overwritten on stable", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.write("models/model.onnx", "weights-2");
      expect(await staged(repo)).toEqual([]);
    }));

  it("refuses deleting and renaming code by a plain commit, naming every path", () =>
    withRepo(async (repo) => {
      setup(repo, { "serve.py": "serve()\n", "my tool-ü.sh": "echo\n" });
      repo.git("rm", "-q", "serve.py");
      repo.git("mv", "--", "my tool-ü.sh", "-tool.sh");
      const paths = (await staged(repo)).map((v) => v.path);
      expect(paths.sort()).toEqual(["-tool.sh", "my tool-ü.sh", "serve.py"].sort());
    }));

  it("accepts a merge that deletes code the way the other parent did", () =>
    withRepo(async (repo) => {
      setup(repo, { "old.py": "x\n" });
      repo.git("checkout", "-q", "dev/model");
      repo.git("rm", "-q", "old.py");
      repo.commit("drop old.py");
      repo.git("checkout", "-q", "stable/model");
      repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/model");
      expect(await runRule(repo, RULE)).toEqual([]);
    }));

  it("does not apply on branch types without codeOnlyByMerge", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.git("checkout", "-q", "dev/model");
      repo.write("train.py", "print('v3')\n");
      expect(await staged(repo)).toEqual([]);
    }));

  it("refuses code a merge takes from a parent no dev branch holds (codeFrom)", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.git("checkout", "-q", "-b", "tmp", "dev/model");
      repo.write("train.py", "print('throwaway')\n");
      repo.commit("throwaway");
      repo.git("checkout", "-q", "stable/model");
      repo.git("merge", "-q", "--no-ff", "--no-commit", "tmp");
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v.message).toContain("from a parent that no dev branch holds");
      // Once a dev branch holds that commit, the same merge is fine.
      repo.git("branch", "dev/tmp", "tmp");
      expect(await staged(repo)).toEqual([]);
    }));
});
