import { describe, expect, it } from "vitest";
import { withRepo } from "../helpers/withRepo.js";

/** Monitoring records: n rows of a tag whose predictions are right in `right` of them. */
const rows = (tag: string, n: number, right: number, from = 0) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: from + i,
      model_tag: tag,
      species: "setosa",
      predicted: i < right ? "setosa" : "virginica",
      latency_ms: 20 + ((i * 7) % 11) + (tag === "acme-2" ? 3 : 0),
    }),
  ).join("\n");

describe("mlbranch compare (the built CLI)", () => {
  it("prints a table per tag, exits 1 when the candidate is significantly worse, 0 otherwise", async () => {
    await withRepo((repo) => {
      repo.write("monitoring/a.jsonl", `${rows("acme-1", 4950, 4500)}\n`);
      repo.write(
        "monitoring/b.jsonl",
        `${rows("acme-1", 4950, 4500, 5000)}\n${rows("acme-2", 100, 70, 9000)}\n`,
      );
      const files = ["monitoring/a.jsonl", "monitoring/b.jsonl"];
      const base = ["--by", "model_tag", "--label", "species", "--prediction", "predicted"];
      const r = repo.mlbranch(["compare", ...files, ...base, "--expect", "0.99,0.01"]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/^A\/B comparison by model_tag: accuracy \(higher is better\)/);
      expect(r.stdout).toMatch(/acme-1\s+baseline\s+9900\s+99\.0%\s+99\.0%\s+0\.9091/);
      expect(r.stdout).toMatch(
        /acme-2\s+candidate\s+100\s+1\.0%\s+1\.0%\s+0\.7000.*two-proportion z.*WORSE/,
      );
      expect(r.stdout).toContain("matches the expected split");
      expect(r.stdout).toContain("verdict: acme-2 is significantly worse than acme-1");
      const j = repo.mlbranch(["compare", ...files, ...base, "--json"]);
      expect(j.code).toBe(1);
      const c = JSON.parse(j.stdout);
      expect(c.comparisons[0]).toMatchObject({
        candidate: "acme-2",
        baseline: "acme-1",
        worse: true,
      });
      expect(c.groups[1].metric.value).toBe(0.7);
      // The candidate as baseline: then acme-1 is the better one, and nothing fails.
      const flipped = repo.mlbranch(["compare", ...files, ...base, "--baseline", "acme-2"]);
      expect(flipped.code, flipped.stdout).toBe(0);
      expect(flipped.stdout).toMatch(/acme-1\s+candidate.*better/);
      // Means by Welch's t, lower is better for latency.
      const lat = repo.mlbranch([
        "compare",
        ...files,
        "--by",
        "model_tag",
        "--metric",
        "mean",
        "--value",
        "latency_ms",
        "--lower-is-better",
        "--json",
      ]);
      const lc = JSON.parse(lat.stdout);
      expect(lc.comparisons[0].diff.test).toBe("Welch t");
      expect(lc.comparisons[0].worse).toBe(true);
      expect(lat.code).toBe(1);
      // Medians by a percentile bootstrap (reproducible: the same answer twice).
      const med = [
        "compare",
        ...files,
        "--by",
        "model_tag",
        "--metric",
        "median",
        "--value",
        "latency_ms",
        "--lower-is-better",
        "--resamples",
        "300",
        "--json",
      ];
      const m1 = repo.mlbranch(med);
      expect(JSON.parse(m1.stdout).comparisons[0].diff.test).toBe("bootstrap");
      expect(repo.mlbranch(med).stdout).toBe(m1.stdout);
    });
  });

  it("flags a sample ratio mismatch, and answers bad input with exit 2", async () => {
    await withRepo((repo) => {
      repo.write(
        "m.csv",
        `model_tag,label,prediction\n${Array.from({ length: 1000 }, (_, i) => `${i < 900 ? "a" : "b"},1,1`).join("\n")}\n`,
      );
      const srm = repo.mlbranch([
        "compare",
        "m.csv",
        "--by",
        "model_tag",
        "--expect",
        "a=0.99,b=0.01",
      ]);
      expect(srm.code).toBe(1);
      expect(srm.stdout).toContain("MISMATCH: the traffic split is not the expected one");
      expect(
        repo.mlbranch(["compare", "m.csv", "--by", "model_tag", "--expect", "0.9,0.1"]).code,
      ).toBe(0);
      const bad = [
        [["compare", "m.csv", "--by", "nope"], 'no column "nope"'],
        [["compare", "m.csv", "--by", "model_tag", "--metric", "auc"], "--metric must be one of"],
        [
          ["compare", "m.csv", "--by", "model_tag", "--expect", "0.5"],
          "--expect must give one share per tag",
        ],
        [
          ["compare", "m.csv", "--by", "model_tag", "--baseline", "z"],
          "--baseline z is not a value",
        ],
        [["compare", "missing.csv", "--by", "model_tag"], "cannot read missing.csv"],
        [["compare", "m.csv"], "give one or more files and --by"],
      ] as const;
      for (const [args, text] of bad) {
        const r = repo.mlbranch([...args]);
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.stderr).toContain(text);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      const help = repo.mlbranch(["compare", "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("mlbranch compare monitoring/predictions.jsonl --by model_tag");
    });
  });
});
