import { describe, expect, it } from "vitest";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// A fixed spread of values, the same shape each time: no randomness in the test.
const xs = (n: number, scale = 1) =>
  Array.from({ length: n }, (_, i) => ((((i * 37) % n) + 0.5) / n) * 100 * scale);
const csv = (rows: string[][]) => `${rows.map((r) => r.join(",")).join("\n")}\n`;

function reference(repo: Repo): void {
  const rows = [
    ["id", "x", "c"],
    ...xs(400).map((x, i) => [String(i), x.toFixed(2), "abc"[i % 3]]),
  ];
  repo.write("data/ref.csv", csv(rows));
  repo.commit("reference");
}

const drift = (repo: Repo, cur: string, extra: string[] = []) =>
  repo.mlbranch([
    "drift",
    "--reference",
    "HEAD:data/ref.csv",
    "--current",
    cur,
    "--json",
    ...extra,
  ]);
const feature = (out: string, name: string) =>
  JSON.parse(out).features.find((f: { feature: string }) => f.feature === name);

describe("drift counts missing values as missing, and a broken feed as drift", () => {
  it("a tripled column with one NA / n/a / inf is numeric and reads DRIFT", async () => {
    await withRepo((repo) => {
      reference(repo);
      const v = xs(400, 3).map((x) => x.toFixed(2));
      v[5] = "NA";
      v[6] = "n/a";
      v[7] = "inf";
      repo.write(
        "cur.csv",
        csv([["id", "x", "c"], ...v.map((x, i) => [String(i), x, "abc"[i % 3]])]),
      );
      const r = drift(repo, "cur.csv");
      expect(r.code, r.stderr).toBe(1);
      const x = feature(r.stdout, "x");
      expect(x.kind).toBe("numeric");
      expect(x.alerts).toContain("ks");
    });
  });

  it("unshifted data with NA, N/A, null and NaN tokens reads no drift", async () => {
    await withRepo((repo) => {
      reference(repo);
      const v = xs(400).map((x) => x.toFixed(2));
      for (const [i, t] of ["NA", "N/A", "null", "NaN"].entries()) v[10 + i] = t;
      repo.write(
        "cur.csv",
        csv([["id", "x", "c"], ...v.map((x, i) => [String(i), x, "abc"[i % 3]])]),
      );
      const r = drift(repo, "cur.csv");
      expect(r.code, r.stdout).toBe(0);
      expect(feature(r.stdout, "x")).toMatchObject({ kind: "numeric", alerts: [] });
      // Configurable: with "-" as the only token, NA is a category and the column is not numeric.
      const custom = drift(repo, "cur.csv", ["--missing-values", "-"]);
      expect(feature(custom.stdout, "x").kind).not.toBe("numeric");
    });
  });

  it("a feature all null, 95% null, or absent from the current batch is DRIFT (missing)", async () => {
    await withRepo((repo) => {
      reference(repo);
      const base = xs(400).map((x) => x.toFixed(2));
      repo.write(
        "allnull.csv",
        csv([["id", "x", "c"], ...base.map((_, i) => [String(i), "", "abc"[i % 3]])]),
      );
      repo.write(
        "mostly.csv",
        csv([
          ["id", "x", "c"],
          ...base.map((x, i) => [String(i), i % 20 === 0 ? x : "NA", "abc"[i % 3]]),
        ]),
      );
      repo.write(
        "absent.csv",
        csv([["id", "c"], ...base.map((_, i) => [String(i), "abc"[i % 3]])]),
      );
      for (const file of ["allnull.csv", "mostly.csv", "absent.csv"]) {
        const r = drift(repo, file);
        expect(r.code, `${file}: ${r.stdout}${r.stderr}`).toBe(1);
        expect(feature(r.stdout, "x").alerts, file).toContain("missing");
        expect(feature(r.stdout, "c").alerts, file).toEqual([]);
      }
      const text = repo.mlbranch([
        "drift",
        "--reference",
        "HEAD:data/ref.csv",
        "--current",
        "mostly.csv",
      ]);
      expect(text.stdout).toMatch(/DRIFT \(missing\)/);
    });
  });

  it("an empty batch is an error (exit 2), not 'no drift'", async () => {
    await withRepo((repo) => {
      reference(repo);
      repo.write("empty.csv", "id,x,c\n");
      repo.write("nothing.jsonl", "");
      for (const file of ["empty.csv", "nothing.jsonl"]) {
        const r = repo.mlbranch(["drift", "--reference", "HEAD:data/ref.csv", "--current", file]);
        expect(r.code, r.stdout).toBe(2);
        expect(r.stderr).toContain("has no records");
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    });
  });
});
