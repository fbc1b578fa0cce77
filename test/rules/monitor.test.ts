import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRule } from "../helpers/runRule.js";
import { type Shift, syntheticJsonl } from "../helpers/synthetic.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// monitor (on the monitoring type): records added are checked for drift against the training
// data of the model tag they name. Staged: alert (log + warning), or refuse with block; in a
// range: refuse with block, else warn when the alert was not logged.

const RULE = "monitor";

const tagged = (n: number, seed: number, shift: Shift = {}, tag = "model-1") =>
  syntheticJsonl(n, seed, shift)
    .trimEnd()
    .split("\n")
    .map((l) => JSON.stringify({ ...JSON.parse(l), model_tag: tag }))
    .join("\n") + "\n";

/** main, a stable branch whose tag model-1 holds data/train.jsonl, and a monitoring branch. */
function setup(repo: Repo): void {
  repo.write("README.md", "# project\n");
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

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};

describe("monitor rule", () => {
  it("stays quiet on data like the training set, and alerts in the same commit on drift", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.write("monitoring/2026-11-01.jsonl", tagged(2000, 2));
      expect(await staged(repo)).toEqual([]);
      repo.commit("day 1");
      // Appended records are judged on their own: here they drift.
      writeFileSync(
        join(repo.dir, "monitoring/2026-11-01.jsonl"),
        tagged(2000, 2) + tagged(2000, 3, { mean: 0.5 }),
      );
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({
        rule: RULE,
        severity: "warning",
        path: "monitoring/2026-11-01.jsonl",
      });
      expect(v.message).toContain("ALERT: monitoring data drifted");
      expect(v.message).toMatch(/x\s+numeric.*DRIFT \(.*ks/);
      const logged = alertLines(repo);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        file: "monitoring/2026-11-01.jsonl",
        tag: "model-1",
        rows: 2000,
      });
      expect(logged[0].features.map((f: { feature: string }) => f.feature)).toEqual(["x"]);
      expect(repo.read("monitoring/alerts.jsonl").trim()).toBe(JSON.stringify(logged[0]));
      // A retried commit does not log the alert twice.
      await runRule(repo, RULE);
      expect(alertLines(repo)).toHaveLength(1);
      repo.commit("day 2");
      expect(await runRule(repo, RULE, { range: "main..monitoring" })).toEqual([]);
    }));

  it("warns in a range about drift committed without the hook, and refuses it with block", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.write("monitoring/a.jsonl", tagged(2000, 5, { miscalibrate: 0.25 }));
      const sha = repo.commit("no hook");
      const warn = await runRule(repo, RULE, { range: "main..monitoring" });
      expect(warn).toMatchObject([{ severity: "warning", commit: sha }]);
      expect(warn[0].message).toContain("has no alert record for it");
      expect(warn[0].message).toContain("MISCALIBRATED");
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          unknownBranch: "allow",
          types: { monitoring: { match: ["monitoring"], monitor: { block: true } } },
        }),
      );
      expect(await runRule(repo, RULE, { range: "main..monitoring" })).toMatchObject([
        { rule: RULE, commit: sha, severity: "error" },
      ]);
      repo.write("monitoring/b.jsonl", tagged(2000, 6, { scale: 2 }));
      repo.git("add", "monitoring/b.jsonl");
      expect(await runRule(repo, RULE)).toMatchObject([
        { severity: "error", message: expect.stringContaining("monitor.block is true") },
      ]);
      expect(alertLines(repo)).toEqual([]);
    }));

  it("names records without a model tag, a tag that does not exist, and too small a batch", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.write("monitoring/a.jsonl", syntheticJsonl(50, 7));
      repo.write("monitoring/b.jsonl", tagged(50, 8, {}, "model-9"));
      repo.write("monitoring/c.jsonl", tagged(50, 9, { mean: 3 }));
      const out = await staged(repo);
      expect(out.map((v) => [v.severity, v.path])).toEqual([
        ["error", "monitoring/a.jsonl"],
        ["error", "monitoring/b.jsonl"],
        ["warning", "monitoring/c.jsonl"],
      ]);
      expect(out[0].message).toContain(
        '50 of 50 new records name no model tag in the "model_tag" field',
      );
      expect(out[1].message).toContain(
        'the reference model-9:data/train.* for model tag "model-9" cannot be read',
      );
      expect(out[2].message).toContain(
        "monitoring/c.jsonl adds 50 records for model model-1, fewer than monitor.minRows (500)",
      );
    }));

  it("judges only the rows appended to a CSV file, with its header", () =>
    withRepo(async (repo) => {
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
      repo.write("monitoring/prod.csv", day1 + csv(tagged(1000, 12), false));
      expect(await staged(repo)).toEqual([]);
      repo.write("monitoring/prod.csv", day1 + csv(tagged(1000, 13, { scale: 3 }), false));
      expect((await staged(repo)).map((v) => v.message)).toEqual([
        expect.stringContaining("current 1000 rows"),
      ]);
      expect(alertLines(repo)).toMatchObject([{ file: "monitoring/prod.csv", rows: 1000 }]);
    }));

  it("CRLF records and odd file names are read like any other", () =>
    withRepo(async (repo) => {
      setup(repo);
      const crlf = tagged(1000, 21, { mean: 1 }).replace(/\n/g, "\r\n");
      repo.write("monitoring/-day one ü.jsonl", crlf);
      const out = await staged(repo);
      expect(out).toMatchObject([
        { path: "monitoring/-day one ü.jsonl", message: expect.stringContaining("ALERT") },
      ]);
      expect(alertLines(repo)).toMatchObject([{ file: "monitoring/-day one ü.jsonl" }]);
    }));
});
