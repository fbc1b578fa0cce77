import { describe, expect, it } from "vitest";
import { toColumns } from "../../src/data/columns.js";
import { driftReport } from "../../src/workflow/drift/driftReport.js";
import { DEFAULT_THRESHOLDS } from "../../src/workflow/drift/thresholds.js";
import { syntheticJsonl } from "../helpers/synthetic.js";
import { withRepo } from "../helpers/withRepo.js";

describe("mlbranch drift (the built CLI)", () => {
  it("reads the reference from a revision, prints a table, and exits 1 only on drift", async () => {
    await withRepo((repo) => {
      repo.write("data/train.jsonl", syntheticJsonl(3000, 1));
      repo.commit("train");
      repo.git("tag", "model-1");
      repo.write("same.jsonl", syntheticJsonl(2000, 2));
      repo.write("shifted.jsonl", syntheticJsonl(2000, 3, { mean: 0.5, miscalibrate: 0.25 }));
      const ok = repo.mlbranch([
        "drift",
        "--reference",
        "model-1:data/train.jsonl",
        "--current",
        "same.jsonl",
      ]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^feature\s+type\s+PSI\s+KS\s+outliers/m);
      expect(ok.stdout).toContain("no drift past the thresholds.");
      const bad = repo.mlbranch([
        "drift",
        "--reference",
        "model-1:data/train.jsonl",
        "--current",
        "shifted.jsonl",
        "--json",
      ]);
      expect(bad.code).toBe(1);
      const json = JSON.parse(bad.stdout);
      expect(json.drift).toBe(true);
      expect(
        json.features
          .filter((f: { alerts: string[] }) => f.alerts.length)
          .map((f: { feature: string }) => f.feature),
      ).toEqual(["x"]);
      expect(json.calibration.alert).toBe(true);
      // Thresholds are options: loosened far enough, the same data passes.
      const loose = ["--ks", "0.5", "--psi", "5", "--ece", "0.5", "--features", "x,color"];
      const r = repo.mlbranch([
        "drift",
        "--reference",
        "data/train.jsonl",
        "--current",
        "shifted.jsonl",
        ...loose,
      ]);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).not.toMatch(/^income/m);
    });
  });

  it("reads CSV, and answers bad input with a message and exit 2", async () => {
    await withRepo((repo) => {
      repo.write("a.csv", "x,c\n1,a\n2,b\n3,a\n");
      repo.write("b.csv", 'x,c\n1,a\n2,"b\n');
      const same = repo.mlbranch(["drift", "--reference", "a.csv", "--current", "a.csv"]);
      expect(same.code, same.stderr).toBe(0);
      const broken = repo.mlbranch(["drift", "--reference", "a.csv", "--current", "b.csv"]);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain("b.csv:3: unterminated quoted field");
      expect(
        repo.mlbranch(["drift", "--reference", "nope:x.jsonl", "--current", "a.csv"]).code,
      ).toBe(2);
      expect(
        repo.mlbranch(["drift", "--reference", "a.csv", "--current", "a.csv", "--psi", "abc"])
          .stderr,
      ).toContain("--psi must be a non-negative number");
      expect(
        repo.mlbranch(["drift", "--reference", "a.csv", "--current", "a.csv", "--features", "zz"])
          .stderr,
      ).toContain('no column "zz"');
      const help = repo.mlbranch(["drift", "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Usage: mlbranch drift");
    });
  });

  it("gives the same report from its two threads as in one (inputs above 4 MB)", async () => {
    await withRepo((repo) => {
      const ref = syntheticJsonl(40000, 21);
      const cur = syntheticJsonl(40000, 22, { scale: 1.3, newCategory: 0.05 });
      expect(ref.length).toBeGreaterThan(4 << 20);
      repo.write("ref.jsonl", ref);
      repo.write("cur.jsonl", cur);
      const r = repo.mlbranch([
        "drift",
        "--reference",
        "ref.jsonl",
        "--current",
        "cur.jsonl",
        "--json",
      ]);
      expect(r.code, r.stderr).toBe(1);
      const want = driftReport(
        toColumns(ref, "jsonl", "ref.jsonl"),
        toColumns(cur, "jsonl", "cur.jsonl"),
        {
          probability: "probability",
          label: "label",
          exclude: ["id"],
          thresholds: DEFAULT_THRESHOLDS,
        },
      );
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(want)));
    });
  });
});
