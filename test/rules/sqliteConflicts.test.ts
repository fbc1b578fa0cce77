import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { runRule } from "../helpers/runRule.js";
import { sql } from "../helpers/sqliteRepo.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// sqlite-conflicts: a database that still has rows in mlbranch_conflicts (a merge not settled
// with `mlbranch resolve`) is refused, on every branch type.

const RULE = "sqlite-conflicts";
const TABLE =
  "CREATE TABLE mlbranch_conflicts (table_name TEXT NOT NULL, pk TEXT, base TEXT, ours TEXT, theirs TEXT, reason TEXT);";
const conflict = (n: number) =>
  `INSERT INTO mlbranch_conflicts VALUES ${Array.from(
    { length: n },
    (_, i) => `('items', '[${i}]', NULL, '{}', '{}', 'both sides changed the row')`,
  ).join(", ")};`;

const staged = (repo: Repo, config?: object) => {
  repo.git("add", "-A");
  return runRule(repo, RULE, { config });
};

describe.skipIf(missing("sqlite-engine"))("sqlite-conflicts", () => {
  it("refuses a database with conflicts left, counting them, and names the fix", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      sql(repo, "data.db", `CREATE TABLE items (id INTEGER PRIMARY KEY); ${TABLE} ${conflict(2)}`);
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({ rule: RULE, path: "data.db", branch: "dev/x", severity: "error" });
      expect(v.message).toBe(
        "data.db still holds 2 unresolved merge conflicts (table mlbranch_conflicts).",
      );
      expect(v.fix).toContain("mlbranch resolve data.db --ours|--theirs");
    }));

  it("accepts a database whose conflicts table is empty or gone", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      sql(repo, "a.sqlite", `CREATE TABLE items (id INTEGER PRIMARY KEY); ${TABLE}`);
      sql(repo, "b.sqlite3", "CREATE TABLE items (id INTEGER PRIMARY KEY);");
      expect(await staged(repo)).toEqual([]);
    }));

  it("judges every branch type and odd names, and lets a database be deleted", () =>
    withRepo(async (repo) => {
      const odd = "tracking/-runs ü\n1.DB";
      sql(repo, odd, `CREATE TABLE items (id INTEGER PRIMARY KEY); ${TABLE} ${conflict(1)}`);
      expect(await staged(repo)).toMatchObject([
        { path: odd, message: expect.stringContaining("1 unresolved merge conflict ") },
      ]);
      repo.commit("committed past the hook");
      repo.rm(odd);
      expect(await staged(repo)).toEqual([]);
    }));

  it("reads a path the config merges as SQLite, whatever its extension", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      sql(repo, "store/runs.bin", `${TABLE} ${conflict(1)}`);
      expect(await staged(repo)).toEqual([]);
      const config = { version: 1, files: { "store/*.bin": { merge: "sqlite" } } };
      expect(await staged(repo, config)).toMatchObject([{ path: "store/runs.bin" }]);
    }));

  it("names a file that mentions the table but is not a readable database", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "dev/x");
      sql(repo, "data.db", `${TABLE} ${conflict(1)}`);
      // Keep the header and the schema page, then garbage: SQLite opens it, then fails to read.
      const db = readFileSync(join(repo.dir, "data.db"));
      repo.write("data.db", Buffer.concat([db.subarray(0, 4096), Buffer.alloc(100, 0xff)]));
      expect(await staged(repo)).toMatchObject([
        {
          path: "data.db",
          message: expect.stringContaining("data.db could not be read as an SQLite database"),
        },
      ]);
    }));
});
