import { describe, expect, it } from "vitest";
import { rec, registerDrivers } from "../helpers/mergeDrivers.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

const M = "tracking/metrics.jsonl";

// dev/a and dev/b both append to the same file; dev/a is checked out with dev/b not merged yet.
function twoAppends(repo: Repo) {
  repo.git("checkout", "-q", "-b", "dev/a");
  repo.write(".gitattributes", "*.jsonl merge=mlbranch-jsonl\n");
  repo.write(M, rec("r1"));
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "dev/b");
  repo.write(M, rec("r1") + rec("b1"));
  repo.commit("b");
  repo.git("checkout", "-q", "dev/a");
  repo.write(M, rec("r1") + rec("a1"));
  repo.commit("a");
}

describe("merge-keeps-records after a rename, under real git merge", () => {
  it("follows a rename on theirs: the driver's merge under the new path passes, staged and in a range", () =>
    withRepo((repo) => {
      registerDrivers(repo);
      twoAppends(repo);
      repo.git("checkout", "-q", "dev/b");
      repo.git("mv", M, "tracking/runs.jsonl");
      repo.commit("rename");
      repo.git("checkout", "-q", "dev/a");
      const before = repo.git("rev-parse", "HEAD");
      const r = repo.tryGit("merge", "--no-commit", "dev/b");
      expect(r.code, r.stderr).toBe(0);
      expect(repo.read("tracking/runs.jsonl")).toBe(rec("r1") + rec("a1") + rec("b1"));
      const staged = repo.mlbranch(["check", "--staged"]);
      expect(staged.stdout + staged.stderr).not.toMatch(/merge-keeps-records/);
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      const range = repo.mlbranch(["check", "--range", `${before}..dev/a`]);
      expect(range.stdout + range.stderr).not.toMatch(/merge-keeps-records/);
    }));

  it("still flags a rename whose new file lacks a parent's record", () =>
    withRepo((repo) => {
      registerDrivers(repo);
      twoAppends(repo);
      repo.git("checkout", "-q", "dev/b");
      repo.git("mv", M, "tracking/runs.jsonl");
      repo.commit("rename");
      repo.git("checkout", "-q", "dev/a");
      expect(repo.tryGit("merge", "--no-commit", "dev/b").code).toBe(0);
      repo.write("tracking/runs.jsonl", rec("r1") + rec("b1"));
      repo.git("add", "tracking/runs.jsonl");
      const staged = repo.mlbranch(["check", "--staged"]);
      expect(staged.code).toBe(1);
      expect(staged.stdout + staged.stderr).toMatch(
        /merge-keeps-records[\s\S]*this merge drops 1 record/,
      );
    }));
});
