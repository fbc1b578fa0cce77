import { describe, expect, it } from "vitest";
import { Prng } from "../../src/data/prng.js";
import {
  bootstrap,
  chiSquareFit,
  meanInterval,
  twoProportion,
  welch,
  wilson,
} from "../../src/quality/ab/abStats.js";
import { collect, compareGroups } from "../../src/quality/ab/compare.js";
import type { Columns } from "../../src/records/columns/columnTypes.js";

// Expected values computed with scipy 1.17 (stats.ttest_ind(equal_var=False), stats.t.interval,
// stats.chisquare, stats.norm) and the textbook formulas written out in numpy.
const A = [12.1, 11.4, 13.2, 12.8, 11.9, 12.5, 13.0, 12.2, 11.7, 12.9];
const B = [11.2, 12.0, 11.5, 10.9, 11.8, 11.1, 12.3, 11.6];

describe("A/B statistics against scipy", () => {
  it("Welch's t: statistic, Welch-Satterthwaite df, p-value and the difference's interval", () => {
    const d = welch(A, B, 0.05);
    expect(d.statistic).toBeCloseTo(-3.224504258932006, 10);
    expect(d.df).toBeCloseTo(15.999903543137565, 8);
    expect(d.p).toBeCloseTo(0.00529768884334734, 10);
    expect(d.lo).toBeCloseTo(-1.359097813952221, 8);
    expect(d.hi).toBeCloseTo(-0.2809021860477833, 8);
  });
  it("t interval of a mean", () => {
    const m = meanInterval(A, 0.05);
    expect(m.lo).toBeCloseTo(11.938078687068497, 9);
    expect(m.hi).toBeCloseTo(12.801921312931505, 9);
  });
  it("two-proportion z and its interval from the same (unpooled Wald) standard error", () => {
    // The pooled z here gives p 0.038 beside an interval that holds 0; one error, one answer.
    const d = twoProportion(900, 1000, 170, 200, 0.05);
    expect(d.statistic).toBeCloseTo(-1.8537599944001633, 10);
    expect(d.p).toBeCloseTo(0.06377350427039037, 10);
    expect(d.lo).toBeCloseTo(-0.10286455610382991, 10);
    expect(d.hi).toBeCloseTo(0.002864556103829831, 10);
    expect(d.lo < 0 && d.hi > 0).toBe(d.p >= 0.05);
  });
  it("interval and p-value agree over many rates: the interval holds 0 exactly when p >= alpha", () => {
    for (let x1 = 0; x1 <= 60; x1 += 3)
      for (let x2 = 0; x2 <= 90; x2 += 7) {
        const d = twoProportion(x1, 60, x2, 90, 0.05);
        if (Math.abs(d.p - 0.05) < 1e-9) continue;
        expect(d.lo <= 0 && d.hi >= 0, `${x1}/60 vs ${x2}/90`).toBe(d.p >= 0.05);
      }
  });
  it("Wilson score interval", () => {
    const w = wilson(170, 200, 0.05);
    expect(w.value).toBe(0.85);
    expect(w.lo).toBeCloseTo(0.7939442071583334, 10);
    expect(w.hi).toBeCloseTo(0.89286406437758, 10);
  });
  it("chi-square sample-ratio test", () => {
    const r = chiSquareFit([9850, 150], [0.99, 0.01]);
    expect(r.chi2).toBeCloseTo(25.252525252525253, 9);
    expect(r.df).toBe(1);
    expect(r.p).toBeCloseTo(5.029367811584704e-7, 15);
    const three = chiSquareFit([510, 250, 240], [0.5, 0.25, 0.25]);
    expect(three.chi2).toBeCloseTo(0.6, 10);
    expect(three.p).toBeCloseTo(0.7408182206817179, 10);
  });
  it("bootstrap: reproducible, intervals around the estimates, p small only for a real shift", () => {
    const rng = new Prng(3);
    const a = Float64Array.from({ length: 400 }, () => rng.normal());
    const same = Float64Array.from({ length: 300 }, () => rng.normal());
    const shifted = Float64Array.from({ length: 300 }, () => rng.normal() + 0.5);
    const median = (v: Float64Array) => {
      const s = Float64Array.from(v).sort();
      return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
    };
    const r1 = bootstrap(a, same, median, 0.05, 1000);
    expect(bootstrap(a, same, median, 0.05, 1000)).toEqual(r1);
    expect(r1.diff.lo).toBeLessThan(r1.diff.value);
    expect(r1.diff.hi).toBeGreaterThan(r1.diff.value);
    expect(r1.diff.p).toBeGreaterThan(0.05);
    const r2 = bootstrap(a, shifted, median, 0.05, 1000);
    expect(r2.diff.p).toBeLessThan(0.01);
    expect(r2.diff.lo).toBeGreaterThan(0.2);
  });
});

function table(rows: { tag: string; y: string; p: string }[]): Columns {
  const dict = (k: "tag" | "y" | "p") => {
    const d = [...new Set(rows.map((r) => r[k]))];
    return {
      kind: "cat" as const,
      dict: d,
      codes: Int32Array.from(rows.map((r) => d.indexOf(r[k]))),
    };
  };
  return {
    rows: rows.length,
    names: ["model_tag", "y", "p"],
    cols: new Map([
      ["model_tag", dict("tag")],
      ["y", dict("y")],
      ["p", dict("p")],
    ]),
  };
}

describe("compareGroups", () => {
  const opts = {
    by: "model_tag",
    metric: "accuracy" as const,
    label: "y",
    prediction: "p",
    value: "value",
    alpha: 0.05,
    srmAlpha: 0.001,
    resamples: 1000,
  };
  // 1000 rows of the baseline at 90% accuracy, 200 of the candidate at 83.5%.
  const rows = [
    ...Array.from({ length: 1000 }, (_, i) => ({ tag: "m-1", y: "a", p: i < 900 ? "a" : "b" })),
    ...Array.from({ length: 200 }, (_, i) => ({ tag: "m-2", y: "a", p: i < 167 ? "a" : "b" })),
  ];
  it("takes the largest group as the baseline and flags a significantly worse candidate", () => {
    const c = compareGroups(collect([{ t: table(rows), source: "x" }], opts), opts);
    expect(c.groups.map((g) => [g.tag, g.role, g.rows])).toEqual([
      ["m-1", "baseline", 1000],
      ["m-2", "candidate", 200],
    ]);
    expect(c.comparisons[0].diff.p).toBeCloseTo(0.01985622886277712, 10);
    expect(c.comparisons[0].diff.hi).toBeLessThan(0);
    expect(c.comparisons[0].worse).toBe(true);
    expect(c.fail).toBe(true);
  });
  it("tests the split against --expect, and a stricter alpha lets the candidate pass", () => {
    const o = { ...opts, alpha: 0.01, expect: "0.8,0.2" };
    const c = compareGroups(collect([{ t: table(rows), source: "x" }], o), o);
    expect(c.comparisons[0].worse).toBe(false);
    expect(c.srm?.mismatch).toBe(false);
    expect(c.srm?.chi2).toBeCloseTo((1000 - 960) ** 2 / 960 + (200 - 240) ** 2 / 240, 9);
    expect(c.fail).toBe(false);
    const skew = { ...o, expect: "m-1=0.99,m-2=0.01" };
    const s = compareGroups(collect([{ t: table(rows), source: "x" }], skew), skew);
    expect(s.srm?.mismatch).toBe(true);
    expect(s.fail).toBe(true);
  });
});
