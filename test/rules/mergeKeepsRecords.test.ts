import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rec, registerDrivers } from "../helpers/mergeDrivers.js";
import { runRule } from "../helpers/runRule.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// merge-keeps-records: in a merge, a file under an appending driver (jsonl, csv, lines, json)
// holds every record of every parent, unless `appendOnly: false` is set for it.

const RULE = "merge-keeps-records";
const M = "tracking/metrics.jsonl";

// dev/a and dev/b both append to the same file; dev/a is checked out with dev/b not merged yet.
function twoAppends(repo: Repo, path = M, attributes = "*.jsonl merge=mlbranch-jsonl\n") {
  repo.git("checkout", "-q", "-b", "dev/a");
  repo.write(".gitattributes", attributes);
  repo.write(path, rec("r1"));
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "dev/b");
  repo.write(path, rec("r1") + rec("b1"));
  repo.commit("b");
  repo.git("checkout", "-q", "dev/a");
  repo.write(path, rec("r1") + rec("a1"));
  repo.commit("a");
}

/** Merge dev/b with git's text merge, keep ours for `path`; HEAD before. Not committed. */
function oursMerge(repo: Repo, path = M): string {
  const before = repo.git("rev-parse", "HEAD");
  expect(repo.tryGit("merge", "--no-edit", "dev/b").code).not.toBe(0);
  repo.git("checkout", "--ours", "--", path);
  repo.git("add", "--", path);
  return before;
}

const commitMerge = (repo: Repo) => repo.git("commit", "-q", "--no-verify", "--no-edit");

describe("safety net: merge-keeps-records", () => {
  it("flags a merge resolved with --ours when the driver was not registered, staged and in a range", () =>
    withRepo(async (repo) => {
      twoAppends(repo);
      const before = oursMerge(repo);
      const [v, ...rest] = await runRule(repo, RULE);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({ rule: RULE, path: M, severity: "error" });
      expect(v.message).toMatch(/^tracking\/metrics\.jsonl: this merge drops 1 record of parent /);
      expect(v.message).toContain("(its line 2)");
      expect(v.fix).toContain("register the merge drivers");
      commitMerge(repo);
      expect(await runRule(repo, RULE, { range: `${before}..dev/a` })).toMatchObject([
        { path: M, commit: repo.git("rev-parse", "HEAD") },
      ]);
    }));

  it("in a range, follows the commit's own .gitattributes: a path opted out of merging is not judged", () =>
    withRepo(async (repo) => {
      twoAppends(repo);
      repo.write(".gitattributes", "*.jsonl -merge\n");
      repo.commit("opt out");
      const before = oursMerge(repo);
      commitMerge(repo);
      expect(await runRule(repo, RULE, { range: `${before}..dev/a` })).toEqual([]);
    }));

  it("in a range, reads nested .gitattributes as git does: the deeper file wins", () =>
    withRepo(async (repo) => {
      twoAppends(repo);
      repo.write(".gitattributes", "*.jsonl -merge\n");
      repo.write("tracking/.gitattributes", "metrics.jsonl merge=mlbranch-jsonl\n");
      repo.commit("driver for tracking only");
      const before = oursMerge(repo);
      commitMerge(repo);
      expect(await runRule(repo, RULE, { range: `${before}..dev/a` })).toMatchObject([
        { path: M, message: expect.stringContaining("this merge drops 1 record") },
      ]);
    }));

  it("passes a merge made by the registered driver; with appendOnly false a side's removal applies, its additions do not vanish", () =>
    withRepo(async (repo) => {
      registerDrivers(repo);
      twoAppends(repo);
      expect(repo.tryGit("merge", "--no-commit", "dev/b").code).toBe(0);
      expect(await runRule(repo, RULE)).toEqual([]);
      repo.write(M, rec("r1") + rec("a1"));
      repo.git("add", M);
      expect(await runRule(repo, RULE)).toHaveLength(1);
      repo.write(
        "mlbranch.json",
        JSON.stringify({ version: 1, files: { [M]: { appendOnly: false } } }),
      );
      // The driver's three-way count still keeps theirs' b1: losing it is refused...
      expect(await runRule(repo, RULE)).toMatchObject([
        { message: expect.stringContaining("keeps what either side added") },
      ]);
      // ...while r1, which both sides kept, may go only if a side removed it: none did.
      repo.write(M, rec("a1") + rec("b1"));
      repo.git("add", M);
      expect(await runRule(repo, RULE)).toHaveLength(1);
      repo.write(M, rec("r1") + rec("a1") + rec("b1"));
      repo.git("add", M);
      expect(await runRule(repo, RULE)).toEqual([]);
    }));

  it("on a branch whose type does not make the path append-only, a removal made on one side passes", () =>
    withRepo(async (repo) => {
      registerDrivers(repo);
      twoAppends(repo);
      // dev/b also removes r1: the driver applies that removal (dev has no appendOnly globs).
      repo.git("checkout", "-q", "dev/b");
      repo.write(M, rec("b1"));
      repo.commit("b drops r1");
      repo.git("checkout", "-q", "dev/a");
      expect(repo.tryGit("merge", "--no-commit", "dev/b").code).toBe(0);
      expect(repo.read(M)).toBe(rec("a1") + rec("b1"));
      expect(await runRule(repo, RULE)).toEqual([]);
    }));

  it("counts each lost record of a CSV file once, under an odd name", () =>
    withRepo(async (repo) => {
      const path = "data/-run log ü.csv";
      repo.git("checkout", "-q", "-b", "dev/a");
      repo.write(".gitattributes", "*.csv merge=mlbranch-csv\n");
      repo.write(path, "id,v\n1,a\n");
      repo.commit("base");
      repo.git("checkout", "-q", "-b", "dev/b");
      repo.write(path, "id,v\n1,a\n2,b\n3,c\n");
      repo.commit("b");
      repo.git("checkout", "-q", "dev/a");
      repo.write(path, "id,v\n1,a\n4,d\n");
      repo.commit("a");
      oursMerge(repo, path);
      expect(await runRule(repo, RULE)).toMatchObject([
        { path, message: expect.stringContaining("drops 2 records of parent") },
      ]);
    }));

  it("compares CRLF records as records, and ignores symlinks", () =>
    withRepo(async (repo) => {
      // A lines-driver name: a symlink's target text would read as one record.
      const link = join(repo.dir, "tracking/link.log");
      repo.git("checkout", "-q", "-b", "dev/a");
      repo.write(".gitattributes", "*.jsonl merge=mlbranch-jsonl\n*.log merge=mlbranch-lines\n");
      repo.write(M, '{"id":1}\r\n');
      symlinkSync("a.log", link);
      repo.commit("base");
      repo.git("checkout", "-q", "-b", "dev/b");
      repo.write(M, '{"id":1}\r\n{"id":2}\r\n');
      rmSync(link);
      symlinkSync("b.log", link);
      repo.commit("b");
      repo.git("checkout", "-q", "dev/a");
      repo.write(M, '{"id":1}\r\n{"id":3}\r\n');
      repo.commit("a");
      oursMerge(repo);
      // The link's target text changes against dev/b too, but a symlink holds no records.
      repo.git("checkout", "HEAD", "--", "tracking/link.log");
      expect(await runRule(repo, RULE)).toMatchObject([
        { path: M, message: expect.stringContaining("drops 1 record") },
      ]);
      // Every record kept, line endings as they came: nothing lost.
      repo.write(M, '{"id":1}\r\n{"id":3}\r\n{"id":2}\r\n');
      repo.git("add", M);
      expect(await runRule(repo, RULE)).toEqual([]);
    }));

  it("does not judge a plain commit that drops records", () =>
    withRepo(async (repo) => {
      twoAppends(repo);
      repo.write(M, "");
      repo.git("add", "-A");
      expect(await runRule(repo, RULE)).toEqual([]);
    }));
});
