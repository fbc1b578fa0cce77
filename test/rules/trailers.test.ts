import { describe, expect, it } from "vitest";
import { runRule } from "../helpers/runRule.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// trailers: a commit touching the given paths carries the trailers, matching their patterns
// (raw: Data-Source, optional Data-License; clean/split: Derived-From naming a known commit).

const RULE = "trailers";
const SOURCE = "Data-Source: s3://vendor/export-2026-11.csv";

function stagedOnRaw(repo: Repo) {
  repo.git("checkout", "-q", "-b", "raw");
  repo.write("data/a.csv", "id\n1\n");
  repo.git("add", "-A");
}

const withMessage = (repo: Repo, message: string) => runRule(repo, RULE, { message });

describe("trailers on the commit being made", () => {
  it("refuses a raw data commit without Data-Source and accepts one with it", () =>
    withRepo(async (repo) => {
      stagedOnRaw(repo);
      const bad = await withMessage(
        repo,
        "add data\n\n# Data-Source: commented out does not count\n",
      );
      expect(bad).toMatchObject([
        {
          rule: RULE,
          path: "data/a.csv",
          message: expect.stringContaining('without a "Data-Source:" trailer'),
          fix: expect.stringContaining('git commit --trailer "Data-Source:'),
        },
      ]);
      const ok = `add data\n\nBody text.\n\n${SOURCE}\nData-License: CC-BY-4.0\n# a comment\n`;
      expect(await withMessage(repo, ok)).toEqual([]);
    }));

  it("does not judge trailers before the message is known (pre-commit)", () =>
    withRepo(async (repo) => {
      stagedOnRaw(repo);
      expect(await runRule(repo, RULE)).toEqual([]);
    }));

  it("matches keys case-insensitively, and checks the optional trailer's pattern", () =>
    withRepo(async (repo) => {
      stagedOnRaw(repo);
      expect(await withMessage(repo, "add\n\ndata-source: s3://b/x.csv\n")).toEqual([]);
      // Data-License may be left out, but one that is given must match.
      expect(
        await withMessage(repo, "add\n\nData-Source: s3://b/x.csv\nData-License: \n"),
      ).toMatchObject([{ message: expect.stringContaining('"Data-License: ", which does not') }]);
      expect(await withMessage(repo, "add\n\nData-Source: ab\n")).toMatchObject([
        { message: expect.stringContaining('has "Data-Source: ab", which does not match') },
      ]);
    }));

  it("reads a CRLF message and honours core.commentChar", () =>
    withRepo(async (repo) => {
      stagedOnRaw(repo);
      expect(await withMessage(repo, `add data\r\n\r\n${SOURCE}\r\n`)).toEqual([]);
      repo.git("config", "core.commentChar", ";");
      expect(await withMessage(repo, `add\n\n; ${SOURCE}\n`)).toMatchObject([
        { message: expect.stringContaining("without a") },
      ]);
      // "; note" is a comment now, so the trailer block stays the last paragraph.
      expect(await withMessage(repo, `add\n\n${SOURCE}\n; note\n`)).toEqual([]);
      repo.git("config", "--unset", "core.commentChar");
      expect(await withMessage(repo, `add\n\n${SOURCE}\n; note\n`)).toHaveLength(1);
    }));

  it("names odd data paths and says how many more there are", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "raw");
      for (const n of ["data/-a b.csv", "data/ü\nx.csv", "data/c.csv", "data/d.csv", "data/e.csv"])
        repo.write(n, "id\n1\n");
      repo.write("README.md", "r\n");
      repo.git("add", "-A");
      const [v] = await withMessage(repo, "data\n");
      expect(v.path).toBe("data/-a b.csv");
      expect(v.message).toContain("changes data/-a b.csv, data/c.csv, data/d.csv and 2 more");
    }));

  it("ignores commits that touch none of the trailer's paths", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "raw");
      repo.write("README.md", "r\n");
      repo.git("add", "-A");
      expect(await withMessage(repo, "docs\n")).toEqual([]);
    }));
});

describe("trailers on commits already made", () => {
  it("refuses malformed Derived-From and one naming a commit the repo lacks", () =>
    withRepo(async (repo) => {
      repo.write("README.md", "x\n");
      const sha = repo.commit("init");
      repo.git("checkout", "-q", "-b", "clean");
      repo.write("data/a.csv", "id\n1\n");
      repo.commit("clean data\n\nDerived-From: the raw branch");
      repo.write("data/b.csv", "id\n2\n");
      repo.commit("clean more\n\nDerived-From: raw@0123456789abcdef");
      repo.write("data/c.csv", "id\n3\n");
      repo.commit(`clean again\n\nDerived-From: raw@${sha.slice(0, 12)}`);
      expect((await runRule(repo, RULE, { range: "main..clean" })).map((v) => v.message)).toEqual([
        expect.stringContaining('has "Derived-From: the raw branch", which does not match'),
        expect.stringContaining("but this repository has no such commit"),
      ]);
    }));

  it("judges a merge's trailers through the commits it brings in", () =>
    withRepo(async (repo) => {
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
      expect(await runRule(repo, RULE, { range: `${base}..raw/main` })).toMatchObject([
        { commit: bad, path: "data/c.csv" },
      ]);
    }));

  it("accepts a merge that carries the trailer itself", () =>
    withRepo(async (repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      repo.git("checkout", "-q", "-b", "raw/main");
      const base = repo.git("rev-parse", "HEAD");
      repo.git("checkout", "-q", "-b", "raw/vendor-c");
      repo.write("data/c.csv", "id\n3\n");
      repo.commit("c without provenance");
      repo.git("checkout", "-q", "raw/main");
      repo.git("merge", "-q", "--no-ff", "-m", `merge vendor c\n\n${SOURCE}`, "raw/vendor-c");
      expect(await runRule(repo, RULE, { range: `${base}..raw/main` })).toEqual([]);
    }));
});
