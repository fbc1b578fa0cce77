import { describe, expect, it } from "vitest";
import { logRun, MLFLOW_SCHEMA } from "../fixtures/sqlite/mlflowSchema.js";
import { sql, useSqliteDriver } from "../helpers/sqliteRepo.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// On main, tracking/** is append-only (the default config): an SQLite database there may gain
// rows, and a merge's database must hold every row of each parent's.
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

describe("policy rules for SQLite databases", () => {
  it("accepts rows added on an append-only path, and a driver merge that keeps every row", () =>
    withRepo((repo) => {
      const base = twoBranches(repo);
      const r = repo.tryGit("merge", "--no-edit", "stable/a");
      expect(r.code, r.stderr).toBe(0);
      const check = repo.mlbranch(["check", "--range", `${base}..main`, "--json"]);
      const out = JSON.parse(check.stdout);
      expect(out.violations, check.stdout).toEqual([]);
      expect(check.code).toBe(0);
    }));

  it("refuses a merge whose database lost the rows a parent added (git checkout --ours)", () =>
    withRepo((repo) => {
      const base = twoBranches(repo);
      repo.git("config", "merge.mlbranch-sqlite.driver", "false"); // the driver "fails": a conflict
      expect(repo.tryGit("merge", "--no-edit", "stable/a").code).not.toBe(0);
      repo.git("checkout", "--ours", "--", DB);
      repo.git("add", DB);
      const staged = repo.mlbranch(["check", "--staged"]);
      expect(staged.code, staged.stdout + staged.stderr).toBe(1);
      expect(staged.stdout + staged.stderr).toMatch(
        /tracking\/mlflow\.db is append-only on main.*rows? of table metrics that merged parent [0-9a-f]{10} has .*missing/s,
      );
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      const range = JSON.parse(
        repo.mlbranch(["check", "--range", `${base}..main`, "--json"]).stdout,
      );
      const lost = range.violations.filter(
        (v: { rule: string }) => v.rule === "sqlite-append-only",
      );
      const tables = lost.map(
        (v: { message: string }) =>
          /of table (\w+) that merged parent [0-9a-f]{10} has/.exec(v.message)?.[1],
      );
      expect(tables.sort()).toEqual(["latest_metrics", "metrics", "params", "runs", "tags"]);
    }));

  it("refuses a plain commit that deletes or edits rows of an append-only database", () =>
    withRepo((repo) => {
      twoBranches(repo);
      sql(repo, DB, "UPDATE runs SET status = 'KILLED' WHERE run_uuid = 'a1';");
      repo.git("add", DB);
      const r = repo.mlbranch(["check", "--staged", "--json"]);
      const v = JSON.parse(r.stdout).violations;
      expect(v.map((x: { rule: string; message: string }) => [x.rule, x.message])).toEqual([
        [
          "sqlite-append-only",
          expect.stringMatching(/1 row of table runs that the previous commit has is missing/),
        ],
      ]);
    }));
});
