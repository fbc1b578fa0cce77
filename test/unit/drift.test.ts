import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Prng } from "../../src/data/prng.js";
import { binOf, binsOf } from "../../src/quality/drift/bins.js";
import { driftReport } from "../../src/quality/drift/driftReport.js";
import { formatDrift } from "../../src/quality/drift/formatDrift.js";
import { numericDrift } from "../../src/quality/drift/numericDrift.js";
import { DEFAULT_THRESHOLDS } from "../../src/quality/drift/thresholds.js";
import { toColumns } from "../../src/records/columns/columns.js";
import { type Shift, syntheticJsonl } from "../helpers/synthetic.js";

const opts = {
  probability: "probability",
  label: "label",
  exclude: ["id"],
  thresholds: DEFAULT_THRESHOLDS,
};
const N = 4000;
const SEEDS = Number(process.env.DRIFT_SEEDS ?? 7);

function compare(seed: number, shift: Shift) {
  const ref = toColumns(syntheticJsonl(N, seed), "jsonl", "ref.jsonl");
  const cur = toColumns(syntheticJsonl(N, seed + 1000, shift), "jsonl", "cur.jsonl");
  return driftReport(ref, cur, opts);
}
const flagged = (r: ReturnType<typeof compare>) =>
  r.features.filter((f) => f.alerts.length).map((f) => f.feature);

function exactKs(a: Float64Array, b: Float64Array): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

describe("drift on synthetic data without a shift", () => {
  it(`stays quiet at the default thresholds across ${SEEDS} seeds`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = compare(seed, {});
      expect(flagged(r), `seed ${seed}\n${formatDrift(r)}`).toEqual([]);
      expect(r.calibration?.alert, `seed ${seed}`).toBe(false);
      expect(r.drift).toBe(false);
    }
  });
});

describe("drift on synthetic data with a known shift", () => {
  const cases: [string, Shift, string[], string][] = [
    ["a mean shift of half a standard deviation", { mean: 0.5 }, ["x"], "ks"],
    ["a doubled standard deviation", { scale: 2 }, ["x"], "psi"],
    ["a new category in 15% of rows", { newCategory: 0.15 }, ["color"], "psi"],
    ["10% of values far outside the reference range", { outliers: 0.1 }, ["x"], "outliers"],
  ];
  for (const [name, shift, features, metric] of cases) {
    it(`detects ${name}, and only there`, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const r = compare(seed, shift);
        expect(flagged(r), formatDrift(r)).toEqual(features);
        expect(r.features.find((f) => f.feature === features[0])?.alerts).toContain(metric);
        expect(r.drift).toBe(true);
      }
    });
  }

  it("names the new category", () => {
    const r = compare(1, { newCategory: 0.15 });
    expect(r.features.find((f) => f.feature === "color")?.newCategories).toEqual(["purple"]);
  });

  it("detects miscalibrated probabilities with the expected calibration error", () => {
    for (let seed = 1; seed <= 3; seed++) {
      const r = compare(seed, { miscalibrate: 0.2 });
      expect(r.calibration?.alert, formatDrift(r)).toBe(true);
      expect(r.calibration?.ece).toBeGreaterThan(0.15);
      expect(flagged(r)).toEqual([]);
    }
  });
});

describe("bins", () => {
  it("put x in bin k exactly when edges[k-1] < x <= edges[k] (clustered, tiny and huge spans)", () => {
    const num = fc.oneof(
      fc.double({ noNaN: true, min: -1e300, max: 1e300 }),
      fc.double({ noNaN: true, min: 1 - 1e-12, max: 1 + 1e-12 }),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0, -0, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(
        fc.array(num, { maxLength: 60 }),
        fc.array(
          fc.oneof(num, fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)),
          { minLength: 1, maxLength: 40 },
        ),
        (raw, xs) => {
          const edges = Float64Array.from(new Set(raw.map((x) => x + 0))).sort();
          const bins = binsOf(edges);
          for (const x of [...xs, ...edges]) {
            let want = 0;
            while (want < edges.length && edges[want] < x) want++;
            expect(binOf(bins, x)).toBe(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("binned KS", () => {
  it("is within 0.01 of the exact sorting-based statistic", () => {
    const rng = new Prng(42);
    for (const [shift, scale] of [
      [0, 1],
      [0.3, 1],
      [0, 1.5],
    ]) {
      const a = Float64Array.from({ length: 20000 }, () => rng.normal());
      const b = Float64Array.from({ length: 5000 }, () => rng.normal() * scale + shift);
      const d = numericDrift(a, b, 3.5);
      expect(Math.abs(d.ks - exactKs(a, b))).toBeLessThan(0.01);
    }
  });

  it("gives 0 for identical samples and handles missing values and constant columns", () => {
    const a = Float64Array.from([1, 2, Number.NaN, 3, 4]);
    const d = numericDrift(a, a, 3.5);
    expect(d.ks).toBe(0);
    expect(d.psi).toBe(0);
    expect(d.refMissing).toBeCloseTo(0.2);
    const c = numericDrift(new Float64Array(10).fill(5), Float64Array.from([5, 5, 6]), 3.5);
    expect(c.ks).toBeCloseTo(1 / 3);
    expect(c.outliers).toBeCloseTo(1 / 3);
  });
});

describe("columns", () => {
  it("reads CSV with quotes, switches mixed columns to categories, and names bad JSONL lines", () => {
    const t = toColumns('a,b,c\n1,"x,y",2\n2,z,\n', "csv", "t.csv");
    expect(t.rows).toBe(2);
    expect(t.cols.get("a")?.kind).toBe("num");
    expect(t.cols.get("b")).toMatchObject({ kind: "cat", dict: ["x,y", "z"] });
    const m = toColumns('{"v":1}\n{"v":"q"}\n', "jsonl", "m.jsonl");
    expect(m.cols.get("v")).toMatchObject({ kind: "cat", dict: ["1", "q"] });
    expect(() => toColumns('{"v":1}\n{oops\n', "jsonl", "bad.jsonl")).toThrow(
      /bad\.jsonl line 2: not valid JSON/,
    );
  });
});
