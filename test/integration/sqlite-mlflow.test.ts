import { describe, expect, it } from "vitest";
import { logRun, MLFLOW_SCHEMA } from "../fixtures/sqlite/mlflowSchema.js";
import { missing } from "../helpers/requires.js";
import { mergeScenario, rows } from "../helpers/sqliteRepo.js";
import { withRepo } from "../helpers/withRepo.js";

const count = (repo: Parameters<typeof rows>[0], table: string) =>
  (rows<{ n: number }>(repo, "mlflow.db", `SELECT count(*) AS n FROM ${table}`)[0] as { n: number })
    .n;

describe.skipIf(missing("sqlite-engine"))("mlbranch-sqlite on an MLflow tracking store", () => {
  it("merges two branches that each logged runs, one of which created an experiment", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "mlflow.db",
        MLFLOW_SCHEMA + logRun("r0", 0, 3),
        logRun("a1", 0, 5) + logRun("a2", 0, 4),
        "INSERT INTO experiments VALUES (1, 'ablation', 'mlflow-artifacts:/1', 'active', 1700000500000, 1700000500000);" +
          "INSERT INTO experiment_tags VALUES ('team', 'vision', 1);" +
          logRun("b1", 1, 6) +
          "UPDATE experiments SET last_update_time = 1700000900000 WHERE experiment_id = 1;",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(
        rows(repo, "mlflow.db", "SELECT experiment_id, name FROM experiments ORDER BY 1"),
      ).toEqual([
        { experiment_id: 0, name: "Default" },
        { experiment_id: 1, name: "ablation" },
      ]);
      expect(
        rows(repo, "mlflow.db", "SELECT run_uuid, experiment_id, status FROM runs ORDER BY 1"),
      ).toEqual([
        { run_uuid: "a1", experiment_id: 0, status: "FINISHED" },
        { run_uuid: "a2", experiment_id: 0, status: "FINISHED" },
        { run_uuid: "b1", experiment_id: 1, status: "FINISHED" },
        { run_uuid: "r0", experiment_id: 0, status: "FINISHED" },
      ]);
      expect(count(repo, "metrics")).toBe(2 * (3 + 5 + 4 + 6));
      expect(count(repo, "latest_metrics")).toBe(2 * 4);
      expect(count(repo, "params")).toBe(2 * 4);
      expect(count(repo, "tags")).toBe(2 * 4);
      expect(rows(repo, "mlflow.db", "PRAGMA foreign_key_check")).toEqual([]);
      expect(rows(repo, "mlflow.db", "PRAGMA integrity_check")).toEqual([
        { integrity_check: "ok" },
      ]);
    }));

  it("both branches created experiment 1: a conflict by default", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "mlflow.db",
        MLFLOW_SCHEMA,
        "INSERT INTO experiments VALUES (1, 'ours-exp', NULL, 'active', 1, 1);" +
          logRun("a1", 1, 2),
        "INSERT INTO experiments VALUES (1, 'theirs-exp', NULL, 'active', 2, 2);" +
          logRun("b1", 1, 2),
      );
      expect(r.code).not.toBe(0);
      const c = rows<Record<string, string>>(repo, "mlflow.db", "SELECT * FROM mlbranch_conflicts");
      expect(c.map((x) => [x.table_name, x.pk, x.reason])).toEqual([
        ["experiments", "[1]", "both sides added this key with different content"],
      ]);
      // Every run of both sides is kept.
      expect(count(repo, "runs")).toBe(2);
    }));

  it("with rekey: theirs' new experiment gets a fresh id and its runs and tags follow it", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          version: 1,
          files: { "mlflow.db": { tables: { experiments: { rekey: true } } } },
        }),
      );
      const r = mergeScenario(
        repo,
        "mlflow.db",
        MLFLOW_SCHEMA,
        "INSERT INTO experiments VALUES (1, 'ours-exp', NULL, 'active', 1, 1);" +
          "INSERT INTO experiment_tags VALUES ('team', 'a', 1);" +
          logRun("a1", 1, 2),
        "INSERT INTO experiments VALUES (1, 'theirs-exp', NULL, 'active', 2, 2);" +
          "INSERT INTO experiments VALUES (2, 'theirs-exp2', NULL, 'active', 2, 2);" +
          "INSERT INTO experiment_tags VALUES ('team', 'b', 1);" +
          logRun("b1", 1, 2) +
          logRun("b2", 2, 2),
      );
      expect(r.code, r.stderr).toBe(0);
      const exps = rows<{ experiment_id: number; name: string }>(
        repo,
        "mlflow.db",
        "SELECT experiment_id, name FROM experiments ORDER BY 1",
      );
      expect(exps.map((e) => e.name).sort()).toEqual([
        "Default",
        "ours-exp",
        "theirs-exp",
        "theirs-exp2",
      ]);
      const id = (name: string) => exps.find((e) => e.name === name)!.experiment_id;
      expect(id("ours-exp")).toBe(1);
      expect(id("theirs-exp2")).toBe(2);
      expect(id("theirs-exp")).toBeGreaterThan(2);
      expect(
        rows(repo, "mlflow.db", "SELECT run_uuid, experiment_id FROM runs ORDER BY 1"),
      ).toEqual([
        { run_uuid: "a1", experiment_id: 1 },
        { run_uuid: "b1", experiment_id: id("theirs-exp") },
        { run_uuid: "b2", experiment_id: 2 },
      ]);
      expect(
        rows(repo, "mlflow.db", "SELECT value, experiment_id FROM experiment_tags ORDER BY value"),
      ).toEqual([
        { value: "a", experiment_id: 1 },
        { value: "b", experiment_id: id("theirs-exp") },
      ]);
      expect(rows(repo, "mlflow.db", "PRAGMA foreign_key_check")).toEqual([]);
    }));

  it("reports rows left pointing at deleted parents (PRAGMA foreign_key_check) as conflicts", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "mlflow.db",
        MLFLOW_SCHEMA + logRun("r0", 0, 1),
        "DELETE FROM metrics WHERE run_uuid='r0'; DELETE FROM latest_metrics; DELETE FROM params; DELETE FROM tags; DELETE FROM runs;",
        "INSERT INTO metrics VALUES ('loss', 0.1, 1700000200000, 'r0', 7, 0);",
      );
      expect(r.code).not.toBe(0);
      const c = rows<Record<string, string>>(repo, "mlflow.db", "SELECT * FROM mlbranch_conflicts");
      expect(c).toHaveLength(1);
      expect(c[0].table_name).toBe("metrics");
      expect(c[0].reason).toMatch(/refers to a row of runs that the merged database does not have/);
      expect(JSON.parse(c[0].ours)).toMatchObject({ run_uuid: "r0", step: 7 });
    }));
});
