import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { experiment, loggedModel, run, type StoreFiles } from "../fixtures/mlflow/fileStore.js";
import { logRun, MLFLOW_SCHEMA } from "../fixtures/sqlite/mlflowSchema.js";
import { registerDrivers } from "../helpers/mergeDrivers.js";
import { missing } from "../helpers/requires.js";
import { rows, sql } from "../helpers/sqliteRepo.js";
import { PROJECT_ROOT, type Repo, withRepo } from "../helpers/withRepo.js";

const R1 = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const R2 = "0f9e8d7c6b5a49382716f5e4d3c2b1a0";

const put = (repo: Repo, files: StoreFiles) => {
  for (const [p, c] of Object.entries(files)) repo.write(p, c);
};
const tree = (repo: Repo, rev: string, dir = "mlruns") =>
  repo.git("ls-tree", "-r", "--name-only", rev, "--", dir).split("\n").filter(Boolean).sort();

/** main with the Default experiment; stable/model with two runs, one in a new experiment. */
function twoRuns(repo: Repo) {
  repo.write("README.md", "# wine\n");
  put(repo, experiment(repo.dir, "0", "Default"));
  repo.commit("main");
  repo.git("switch", "-q", "-c", "stable/model");
  put(repo, run(repo.dir, "0", R1, { tag: "wine-1" }));
  put(repo, experiment(repo.dir, "712", "wine-quality", 1700000050000));
  put(repo, run(repo.dir, "712", R2));
  put(repo, loggedModel(repo.dir, "712", R2, "m-5f2a"));
  repo.commit("train wine-1");
  repo.git("tag", "wine-1");
  repo.git("switch", "-q", "main");
}

describe("MLflow runs in git", () => {
  it("promote copies new file-store runs (no artifacts by default), then nothing", async () => {
    await withRepo((repo) => {
      twoRuns(repo);
      repo.git("switch", "-q", "-c", "dev/x");
      const r = repo.mlbranch(["promote", "stable/model", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.mlflowRuns.map((x: { run: string }) => x.run).sort()).toEqual([R2, R1].sort());
      const onMain = tree(repo, "main");
      const expected = tree(repo, "stable/model").filter((p) => !/\/artifacts\//.test(p));
      expect(onMain).toEqual(expected);
      expect(onMain).toContain("mlruns/712/meta.yaml");
      expect(onMain).toContain(`mlruns/712/${R2}/outputs/m-5f2a/meta.yaml`);
      expect(onMain).toContain(`mlruns/0/${R1}/metrics/loss`);
      // Blobs are the stable branch's, byte for byte.
      expect(repo.git("rev-parse", `main:mlruns/0/${R1}/metrics/loss`)).toBe(
        repo.git("rev-parse", `stable/model:mlruns/0/${R1}/metrics/loss`),
      );
      expect(repo.git("log", "-1", "--format=%B", "main")).toMatch(
        /^Promote 2 MLflow runs from stable\/model\n[\s\S]*- MLflow models\/m-5f2a \(experiment 712\)[\s\S]*Promoted-From: stable\/model@/,
      );
      const again = repo.mlbranch(["promote", "stable/model", "--json"]);
      expect(JSON.parse(again.stdout).commit).toBeNull();
    });
  });

  it("promote copies artifacts when tracking.mlflow.artifacts is true", async () => {
    await withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({ version: 1, tracking: { mlflow: { artifacts: true } } }),
      );
      twoRuns(repo);
      repo.git("switch", "-q", "-c", "dev/x");
      const r = repo.mlbranch(["promote", "stable/model"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("promoted 0 tracking records and 2 MLflow runs");
      expect(tree(repo, "main")).toEqual(tree(repo, "stable/model"));
    });
  });

  it("two stable branches' mlruns merge without conflict, experiment meta.yaml included", async () => {
    await withRepo((repo) => {
      registerDrivers(repo);
      const template = readFileSync(join(PROJECT_ROOT, ".gitattributes.template"), "utf8");
      repo.write(".gitattributes", template);
      repo.write("README.md", "x\n");
      put(repo, experiment(repo.dir, "0", "Default"));
      repo.commit("main");
      for (const [branch, id, t] of [
        ["stable/a", R1, 1700000300000],
        ["stable/b", R2, 1700000400000],
      ] as const) {
        repo.git("switch", "-q", "-c", branch, "main");
        put(repo, run(repo.dir, "0", id, { t }));
        // Each branch's MLflow touched the experiment (its own clone's path, a new update time).
        put(repo, experiment(`/home/${branch}`, "0", "Default", t));
        repo.write("mlruns/0/tags/mlflow.note.content", `notes from ${branch}\n`);
        repo.commit(`runs on ${branch}`);
      }
      repo.git("switch", "-q", "stable/a");
      const m = repo.tryGit("merge", "--no-edit", "stable/b");
      expect(m.code, m.stdout + m.stderr).toBe(0);
      expect(repo.git("status", "--porcelain")).toBe("");
      const files = tree(repo, "HEAD");
      expect(files).toContain(`mlruns/0/${R1}/meta.yaml`);
      expect(files).toContain(`mlruns/0/${R2}/meta.yaml`);
      expect(repo.read("mlruns/0/meta.yaml")).toContain("experiment_id: '0'");
      expect(repo.read("mlruns/0/meta.yaml")).not.toContain("<<<<<<<");
    });
  });

  it("track --mlflow writes a run in the file-store layout with the model tag; lineage finds it", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("main");
      repo.git("switch", "-q", "-c", "stable/model");
      const t = repo.mlbranch([
        "track",
        "--metrics",
        '{"rmse": 0.5, "n": 3}',
        "--params",
        '{"lr": 0.01, "model": "ridge"}',
        "--tag",
        "acme-1",
        "--mlflow",
        "--experiment",
        "iris",
        "--json",
      ]);
      expect(t.code, t.stderr).toBe(0);
      const rec = JSON.parse(t.stdout);
      expect(rec.run_id).toMatch(/^[0-9a-f]{32}$/);
      const { experiment_id: exp, path } = rec.mlflow;
      expect(path).toBe(`mlruns/${exp}/${rec.run_id}`);
      const staged = repo.git("diff", "--cached", "--name-only").split("\n").sort();
      expect(staged).toEqual(
        [
          `mlruns/${exp}/meta.yaml`,
          `${path}/meta.yaml`,
          `${path}/metrics/n`,
          `${path}/metrics/rmse`,
          `${path}/params/lr`,
          `${path}/params/model`,
          `${path}/tags/mlflow.runName`,
          `${path}/tags/mlflow.source.git.branch`,
          `${path}/tags/mlflow.source.git.commit`,
          `${path}/tags/mlflow.source.name`,
          `${path}/tags/mlflow.source.type`,
          `${path}/tags/mlflow.user`,
          `${path}/tags/model_tag`,
          "tracking/runs.jsonl",
        ].sort(),
      );
      const meta = repo.read(`${path}/meta.yaml`);
      expect(
        meta
          .split("\n")
          .map((l) => l.split(":")[0])
          .filter(Boolean),
      ).toEqual([
        "artifact_uri",
        "end_time",
        "entry_point_name",
        "experiment_id",
        "lifecycle_stage",
        "run_id",
        "run_name",
        "run_uuid",
        "source_name",
        "source_type",
        "source_version",
        "start_time",
        "status",
        "tags",
        "user_id",
      ]);
      expect(meta).toContain(`experiment_id: '${exp}'`);
      expect(meta).toContain("status: 3\n");
      expect(meta).toContain("entry_point_name: ''\n");
      expect(repo.read(`${path}/metrics/n`)).toMatch(/^\d{13} 3\.0 0\n$/);
      expect(repo.read(`${path}/metrics/rmse`)).toMatch(/^\d{13} 0\.5 0\n$/);
      expect(repo.read(`${path}/params/lr`)).toBe("0.01");
      expect(repo.read(`${path}/tags/model_tag`)).toBe("acme-1");
      expect(repo.read(`mlruns/${exp}/meta.yaml`)).toMatch(
        /^artifact_location: file:\/\/.*\ncreation_time: \d+\nexperiment_id: '\d+'\nlast_update_time: \d+\nlifecycle_stage: active\nname: iris\n$/,
      );
      repo.git("commit", "-q", "-m", "train acme-1");
      repo.git("tag", "acme-1");
      // A second run in the same experiment reuses its id.
      const t2 = JSON.parse(
        repo.mlbranch([
          "track",
          "--metrics",
          '{"rmse": 0.4}',
          "--mlflow",
          "--experiment",
          "iris",
          "--json",
        ]).stdout,
      );
      expect(t2.mlflow.experiment_id).toBe(exp);
      const l = JSON.parse(repo.mlbranch(["lineage", "acme-1", "--json"]).stdout);
      expect(l.mlflow).toMatchObject({
        store: "file",
        experiment_id: exp,
        run_id: rec.run_id,
        run_name: "acme-1",
        params: { lr: "0.01", model: "ridge" },
        metrics: { rmse: 0.5, n: 3 },
      });
      expect(repo.mlbranch(["lineage", "acme-1"]).stdout).toContain(
        `MLflow run (tagged acme-1):\n  ${rec.run_id} "acme-1" in experiment ${exp}`,
      );
      const bad = repo.mlbranch(["track", "--metrics", '{"../x": 1}', "--mlflow"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('"../x" cannot be an MLflow metric or param name');
    });
  });

  it.skipIf(missing("sqlite-engine"))(
    "promote copies new runs of an mlflow.db store (MLflow 3's default), and lineage finds a run by tag there",
    async () => {
      await withRepo((repo) => {
        repo.write("README.md", "x\n");
        sql(repo, "mlflow.db", MLFLOW_SCHEMA + logRun("r0", 0, 2));
        repo.commit("main");
        repo.git("switch", "-q", "-c", "stable/model");
        sql(
          repo,
          "mlflow.db",
          "INSERT INTO experiments VALUES (1, 'wine', 'mlflow-artifacts:/1', 'active', 1700000500000, 1700000500000);" +
            logRun("s1", 0, 3) +
            logRun("s2", 1, 4) +
            "INSERT INTO tags VALUES ('model_tag', 'wine-2', 's2');",
        );
        repo.commit("train wine-2");
        repo.git("tag", "wine-2");
        const lr = repo.mlbranch(["lineage", "wine-2", "--json"]);
        expect(lr.code, lr.stderr).toBe(0);
        const l = JSON.parse(lr.stdout);
        expect(l.mlflow).toMatchObject({
          store: "sqlite",
          path: "mlflow.db",
          run_id: "s2",
          experiment_id: "1",
        });
        expect(l.mlflow.metrics).toEqual({ loss: 0.25, acc: 0.75 });
        repo.git("switch", "-q", "main");
        repo.git("switch", "-q", "-c", "dev/x");
        const r = repo.mlbranch(["promote", "stable/model", "--json"]);
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout).mlflowDbRuns).toEqual(["s1", "s2"]);
        repo.git("switch", "-q", "main");
        expect(rows(repo, "mlflow.db", "SELECT run_uuid FROM runs ORDER BY 1")).toEqual([
          { run_uuid: "r0" },
          { run_uuid: "s1" },
          { run_uuid: "s2" },
        ]);
        expect(
          rows(repo, "mlflow.db", "SELECT experiment_id, name FROM experiments ORDER BY 1"),
        ).toEqual([
          { experiment_id: 0, name: "Default" },
          { experiment_id: 1, name: "wine" },
        ]);
        expect(rows(repo, "mlflow.db", "SELECT count(*) AS n FROM metrics")).toEqual([
          { n: 2 * (2 + 3 + 4) },
        ]);
        expect(rows(repo, "mlflow.db", "SELECT value FROM tags WHERE key = 'model_tag'")).toEqual([
          { value: "wine-2" },
        ]);
        repo.git("switch", "-q", "dev/x");
        expect(
          JSON.parse(repo.mlbranch(["promote", "stable/model", "--json"]).stdout).commit,
        ).toBeNull();
      });
    },
  );
});
