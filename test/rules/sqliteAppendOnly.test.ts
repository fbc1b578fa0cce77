import { describe, expect, it } from "vitest";
import { logRun, MLFLOW_SCHEMA } from "../fixtures/sqlite/mlflowSchema.js";
import { missing } from "../helpers/requires.js";
import { runRule } from "../helpers/runRule.js";
import { sql, useSqliteDriver } from "../helpers/sqliteRepo.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// sqlite-append-only: on main, tracking/** is append-only (the default config): an SQLite
// database there may gain rows, and a merge's database must hold every row of each parent's.

const RULE = "sqlite-append-only";
const DB = "tracking/mlflow.db";

function twoBranches(repo: Repo): string {
  useSqliteDriver(repo);
  sql(repo, DB, MLFLOW_SCHEMA + logRun("r0", 0, 2));
  const base = repo.commit("tracking store");
  repo.git("checkout", "-q", "-b", "stable/a");
  sql(repo, DB, logRun("b1", 0, 3));
  repo.commit("run b1");
  repo.git("checkout", "-q", "main");
  sql(repo, DB, logRun("a1", 0, 2));
  repo.commit("run a1");
  return base;
}

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};

describe.skipIf(missing("sqlite-engine"))("sqlite-append-only", () => {
  it("accepts rows added on an append-only path, and a driver merge that keeps every row", () =>
    withRepo(async (repo) => {
      const base = twoBranches(repo);
      const r = repo.tryGit("merge", "--no-edit", "stable/a");
      expect(r.code, r.stderr).toBe(0);
      expect(await runRule(repo, RULE, { range: `${base}..main` })).toEqual([]);
    }));

  it("refuses a merge whose database lost the rows a parent added (git checkout --ours)", () =>
    withRepo(async (repo) => {
      const base = twoBranches(repo);
      repo.git("config", "merge.mlbranch-sqlite.driver", "false"); // the driver "fails": a conflict
      expect(repo.tryGit("merge", "--no-edit", "stable/a").code).not.toBe(0);
      repo.git("checkout", "--ours", "--", DB);
      repo.git("add", DB);
      const now = await runRule(repo, RULE);
      expect(now.length).toBeGreaterThan(0);
      expect(now[0].path).toBe(DB);
      expect(now.map((v) => v.message).join("\n")).toMatch(
        /tracking\/mlflow\.db is append-only on main.*rows? of table metrics that merged parent [0-9a-f]{10} has .*missing/s,
      );
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      const range = await runRule(repo, RULE, { range: `${base}..main` });
      const tables = range.map(
        (v) => /of table (\w+) that merged parent [0-9a-f]{10} has/.exec(v.message)?.[1],
      );
      expect(tables.sort()).toEqual(["latest_metrics", "metrics", "params", "runs", "tags"]);
    }));

  it("refuses a plain commit that deletes or edits rows of an append-only database", () =>
    withRepo(async (repo) => {
      twoBranches(repo);
      sql(repo, DB, "UPDATE runs SET status = 'KILLED' WHERE run_uuid = 'a1';");
      expect((await staged(repo)).map((v) => [v.rule, v.message])).toEqual([
        [
          "sqlite-append-only",
          expect.stringMatching(/1 row of table runs that the previous commit has is missing/),
        ],
      ]);
      sql(repo, DB, "DELETE FROM params;");
      expect((await staged(repo)).map((v) => v.message)).toEqual([
        expect.stringContaining("1 row of table runs"),
        expect.stringContaining("4 rows of table params that the previous commit has are missing"),
      ]);
    }));

  it("treats bytes that are not a database as an edited file", () =>
    withRepo(async (repo) => {
      twoBranches(repo);
      repo.write(DB, "not a database\n");
      expect(await staged(repo)).toMatchObject([
        { rule: "append-only", path: DB, message: expect.stringContaining("never edited") },
      ]);
    }));

  it("judges databases with odd names, and not those outside appendOnly", () =>
    withRepo(async (repo) => {
      const odd = "tracking/-my runs ü.sqlite";
      sql(repo, odd, "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1),(2);");
      sql(
        repo,
        "docs/free.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);",
      );
      repo.commit("dbs");
      sql(repo, odd, "INSERT INTO t VALUES (3);");
      expect(await staged(repo)).toEqual([]);
      sql(repo, odd, "DELETE FROM t WHERE id = 1;");
      sql(repo, "docs/free.db", "DELETE FROM t;");
      expect(await staged(repo)).toMatchObject([
        { path: odd, message: expect.stringContaining("1 row of table t") },
      ]);
    }));
});
