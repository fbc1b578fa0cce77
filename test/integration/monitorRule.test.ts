import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Shift, syntheticJsonl } from "../helpers/synthetic.js";
import { CLI, type Repo, withRepo } from "../helpers/withRepo.js";

const tagged = (n: number, seed: number, shift: Shift = {}, tag = "model-1") =>
  syntheticJsonl(n, seed, shift)
    .trimEnd()
    .split("\n")
    .map((l) => JSON.stringify({ ...JSON.parse(l), model_tag: tag }))
    .join("\n") + "\n";

/** main, a stable branch whose tag model-1 holds data/train.jsonl, and a monitoring branch. */
function setup(repo: Repo, config?: object): void {
  repo.write("README.md", "# project\n");
  if (config) repo.write("mlbranch.json", JSON.stringify(config));
  repo.commit("init");
  repo.git("checkout", "-q", "-b", "stable/m1");
  repo.write("data/train.jsonl", syntheticJsonl(3000, 1));
  repo.commit("train model 1");
  repo.git("tag", "model-1");
  repo.git("checkout", "-q", "main");
  repo.git("checkout", "-q", "-b", "monitoring");
}

const alertLines = (repo: Repo, rev = ":") =>
  repo
    .tryGit("show", `${rev}monitoring/alerts.jsonl`)
    .stdout.split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe("monitor rule (real git repositories)", () => {
  it("stays quiet on data like the training set, and alerts in the same commit on drift", async () => {
    await withRepo((repo) => {
      setup(repo);
      repo.write("monitoring/2026-11-01.jsonl", tagged(2000, 2));
      repo.git("add", "-A");
      const quiet = repo.mlbranch(["check", "--staged"]);
      expect(quiet.code, quiet.stderr).toBe(0);
      expect(quiet.stderr).toBe("");
      repo.commit("day 1");
      // Appended records are judged on their own: here they drift.
      writeFileSync(
        join(repo.dir, "monitoring/2026-11-01.jsonl"),
        tagged(2000, 2) + tagged(2000, 3, { mean: 0.5 }),
      );
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("warning [monitor] ALERT: monitoring data drifted");
      expect(r.stderr).toMatch(/x\s+numeric.*DRIFT \(.*ks/);
      const staged = alertLines(repo);
      expect(staged).toHaveLength(1);
      expect(staged[0]).toMatchObject({
        file: "monitoring/2026-11-01.jsonl",
        tag: "model-1",
        rows: 2000,
      });
      expect(staged[0].features.map((f: { feature: string }) => f.feature)).toEqual(["x"]);
      expect(repo.read("monitoring/alerts.jsonl").trim()).toBe(JSON.stringify(staged[0]));
      // A retried commit does not log the alert twice.
      repo.mlbranch(["check", "--staged"]);
      expect(alertLines(repo)).toHaveLength(1);
      repo.commit("day 2");
      const range = repo.mlbranch(["check", "--range", "main..monitoring"]);
      expect(range.code, range.stderr).toBe(0);
      expect(range.stderr).toBe("");
    });
  });

  it("logs the alert in the commit a real pre-commit hook runs for", async () => {
    await withRepo((repo) => {
      setup(repo);
      const hook = join(repo.dir, ".git", "hooks", "pre-commit");
      writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" check --staged\n`);
      chmodSync(hook, 0o755);
      repo.write("monitoring/new.jsonl", tagged(2000, 4, { newCategory: 0.15 }));
      repo.git("add", "monitoring/new.jsonl");
      const c = repo.tryGit("commit", "-m", "prod data");
      expect(c.code, c.stderr).toBe(0);
      expect(c.stderr).toContain("new: purple");
      expect(repo.git("show", "--name-only", "--format=", "HEAD").split("\n").sort()).toEqual([
        "monitoring/alerts.jsonl",
        "monitoring/new.jsonl",
      ]);
      const [alert] = alertLines(repo, "HEAD:");
      expect(alert.blob).toBe(repo.git("rev-parse", "HEAD:monitoring/new.jsonl"));
      expect(repo.git("status", "--porcelain")).toBe("");
      // `git commit -- <path>` commits a temporary index: the alert must land there and stay.
      repo.write("monitoring/more.jsonl", tagged(2000, 9, { scale: 2 }));
      repo.git("add", "monitoring/more.jsonl");
      const only = repo.tryGit("commit", "-m", "only", "--", "monitoring/more.jsonl");
      expect(only.code, only.stderr).toBe(0);
      expect(alertLines(repo, "HEAD:").map((a) => a.file)).toEqual([
        "monitoring/new.jsonl",
        "monitoring/more.jsonl",
      ]);
      expect(repo.git("status", "--porcelain")).toBe("");
    });
  });

  it("warns in --range about drift committed without the hook, and refuses it with block", async () => {
    await withRepo((repo) => {
      setup(repo);
      repo.write("monitoring/a.jsonl", tagged(2000, 5, { miscalibrate: 0.25 }));
      const sha = repo.commit("no hook");
      const warn = repo.mlbranch(["check", "--range", "main..monitoring"]);
      expect(warn.code).toBe(0);
      expect(warn.stderr).toContain("has no alert record for it");
      expect(warn.stderr).toContain("MISCALIBRATED");
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          unknownBranch: "allow",
          types: { monitoring: { match: ["monitoring"], monitor: { block: true } } },
        }),
      );
      const blocked = repo.mlbranch(["check", "--range", "main..monitoring", "--json"]);
      expect(blocked.code).toBe(1);
      expect(JSON.parse(blocked.stdout).violations).toMatchObject([
        { rule: "monitor", commit: sha },
      ]);
      repo.write("monitoring/b.jsonl", tagged(2000, 6, { scale: 2 }));
      repo.git("add", "monitoring/b.jsonl");
      const staged = repo.mlbranch(["check", "--staged"]);
      expect(staged.code).toBe(1);
      expect(staged.stderr).toContain("monitor.block is true");
      expect(alertLines(repo)).toEqual([]);
    });
  });

  it("names records without a model tag, a tag that does not exist, and too small a batch", async () => {
    await withRepo((repo) => {
      setup(repo);
      repo.write("monitoring/a.jsonl", syntheticJsonl(50, 7));
      repo.write("monitoring/b.jsonl", tagged(50, 8, {}, "model-9"));
      repo.write("monitoring/c.jsonl", tagged(50, 9, { mean: 3 }));
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('50 of 50 new records name no model tag in the "model_tag" field');
      expect(r.stderr).toContain(
        'the reference model-9:data/train.* for model tag "model-9" cannot be read',
      );
      expect(r.stderr).toContain(
        "warning [monitor] monitoring/c.jsonl adds 50 records for model model-1, fewer than monitor.minRows (500)",
      );
      expect(r.stderr).not.toContain("ALERT");
    });
  });

  it("judges only the rows appended to a CSV file, with its header", async () => {
    await withRepo((repo) => {
      setup(repo);
      const csv = (text: string, header: boolean) => {
        const rows = text
          .trimEnd()
          .split("\n")
          .map((l) => JSON.parse(l));
        const cols = Object.keys(rows[0]);
        const body = rows.map((r) => cols.map((c) => r[c]).join(",")).join("\n");
        return `${header ? `${cols.join(",")}\n` : ""}${body}\n`;
      };
      const day1 = csv(tagged(1000, 11, { mean: 2 }), true);
      repo.write("monitoring/prod.csv", day1);
      repo.commit("day 1, drifted, committed without the hook");
      writeFileSync(join(repo.dir, "monitoring/prod.csv"), day1 + csv(tagged(1000, 12), false));
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
      writeFileSync(
        join(repo.dir, "monitoring/prod.csv"),
        day1 + csv(tagged(1000, 13, { scale: 3 }), false),
      );
      repo.git("add", "-A");
      const d = repo.mlbranch(["check", "--staged"]);
      expect(d.stderr).toContain("current 1000 rows");
      expect(alertLines(repo)).toMatchObject([{ file: "monitoring/prod.csv", rows: 1000 }]);
    });
  });
});
