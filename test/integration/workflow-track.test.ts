import { describe, expect, it } from "vitest";
import { withRepo } from "../helpers/withRepo.js";

describe("mlbranch track", () => {
  it("appends one staged record with branch, commit, tag, params, metrics and data trees", async () => {
    await withRepo((repo) => {
      repo.write("data/train.csv", "id,x\n1,2\n");
      repo.commit("init");
      repo.git("switch", "-q", "-c", "stable/model");
      repo.write("metrics.json", '{"rmse": 0.25}');
      const r = repo.mlbranch([
        "track",
        "--metrics",
        "metrics.json",
        "--params",
        '{"lr": 0.1}',
        "--tag",
        "acme-1",
        "--json",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const rec = JSON.parse(r.stdout);
      expect(rec).toMatchObject({
        branch: "stable/model",
        commit: repo.git("rev-parse", "HEAD"),
        tag: "acme-1",
        params: { lr: 0.1 },
        metrics: { rmse: 0.25 },
        data: { data: repo.git("rev-parse", "HEAD:data") },
      });
      expect(rec.run_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(rec.time))).toBe(false);
      expect(repo.git("diff", "--cached", "--name-only")).toBe("tracking/runs.jsonl");
      const second = repo.mlbranch(["track", "--metrics", '{"rmse": 0.2}']);
      expect(second.code, second.stderr).toBe(0);
      const lines = repo.read("tracking/runs.jsonl").trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[0])).toEqual(rec);
      expect(JSON.parse(lines[1]).tag).toBeNull();
    });
  });

  it("writes to tracking.file and validates against tracking.schema", async () => {
    await withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({ tracking: { file: "runs/log.jsonl", schema: "runs/schema.json" } }),
      );
      repo.write(
        "runs/schema.json",
        JSON.stringify({
          type: "object",
          required: ["metrics"],
          properties: {
            metrics: {
              type: "object",
              required: ["rmse"],
              properties: { rmse: { type: "number" } },
            },
          },
        }),
      );
      repo.write("runs/log.jsonl", '{"run_id":"old"}'); // no final newline: the append adds one
      repo.commit("init");
      const bad = repo.mlbranch(["track", "--metrics", '{"rmse": "low"}']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("runs/schema.json");
      expect(bad.stderr).toContain("metrics.rmse: must be number");
      expect(repo.read("runs/log.jsonl")).toBe('{"run_id":"old"}');
      const ok = repo.mlbranch(["track", "--metrics", '{"rmse": 0.3}']);
      expect(ok.code, ok.stderr).toBe(0);
      const lines = repo.read("runs/log.jsonl").split("\n");
      expect(lines[0]).toBe('{"run_id":"old"}');
      expect(JSON.parse(lines[1]).metrics).toEqual({ rmse: 0.3 });
    });
  });

  it("refuses missing or invalid JSON without a stack trace", async () => {
    await withRepo((repo) => {
      repo.commit("init", { allowEmpty: true });
      const missing = repo.mlbranch(["track", "--metrics", "nope.json"]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("--metrics nope.json: no such file");
      repo.write("m.json", "{not json");
      const invalid = repo.mlbranch(["track", "--metrics", "m.json"]);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain("--metrics m.json is not a JSON object");
      expect(repo.mlbranch(["track"]).code).toBe(2);
      expect(`${missing.stderr}${invalid.stderr}`).not.toMatch(/\n\s+at /);
    });
  });
});
