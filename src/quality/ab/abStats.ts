import { Prng } from "../../data/prng.js";
import {
  chiSquareSf,
  normalCdf,
  normalQuantile,
  studentTQuantile,
  studentTTwoSided,
} from "../stats/distributions.js";

/** An estimate with its confidence interval. */
export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

/** A difference (candidate - baseline) with its interval, test statistic and two-sided p-value. */
export interface Difference extends Interval {
  test: "two-proportion z" | "Welch t" | "bootstrap";
  statistic: number | null;
  df?: number;
  p: number;
}

/** Wilson score interval of a proportion x/n at level 1 - alpha. */
export function wilson(x: number, n: number, alpha: number): Interval {
  if (!n) return { value: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const z = normalQuantile(1 - alpha / 2);
  const p = x / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { value: p, lo: Math.max(0, c - h), hi: Math.min(1, c + h) };
}

/**
 * Two-proportion z test of x2/n2 - x1/n1 and the difference's interval from one standard error,
 * the unpooled (Wald) one: the interval excludes 0 exactly when p < alpha, so the verdict and
 * the interval printed next to it never disagree. (A pooled test beside an unpooled interval
 * can say "significant" over an interval that holds 0, or the reverse.) When every rate is 0 or
 * 1 the unpooled error is 0; the pooled one serves both then.
 */
export function twoProportion(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  alpha: number,
): Difference {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p2 - p1;
  const pool = (x1 + x2) / (n1 + n2);
  const unpooled = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const se = unpooled > 0 ? unpooled : Math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
  const z = se > 0 ? d / se : 0;
  const q = normalQuantile(1 - alpha / 2);
  return {
    value: d,
    lo: d - q * se,
    hi: d + q * se,
    test: "two-proportion z",
    statistic: z,
    p: se > 0 ? 2 * (1 - normalCdf(Math.abs(z))) : 1,
  };
}

/** Mean, sample variance (n - 1) and count of the finite values. */
export function moments(v: ArrayLike<number>): { n: number; mean: number; variance: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  // Welford: stable for large means and many rows.
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) continue;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  return { n, mean: n ? mean : Number.NaN, variance: n > 1 ? m2 / (n - 1) : Number.NaN };
}

/** The t interval of a mean at level 1 - alpha. */
export function meanInterval(v: ArrayLike<number>, alpha: number): Interval {
  const m = moments(v);
  if (m.n < 2) return { value: m.mean, lo: Number.NaN, hi: Number.NaN };
  const h = studentTQuantile(1 - alpha / 2, m.n - 1) * Math.sqrt(m.variance / m.n);
  return { value: m.mean, lo: m.mean - h, hi: m.mean + h };
}

/** Welch's t test of mean(b) - mean(a), with the Welch-Satterthwaite degrees of freedom. */
export function welch(a: ArrayLike<number>, b: ArrayLike<number>, alpha: number): Difference {
  const x = moments(a);
  const y = moments(b);
  const d = y.mean - x.mean;
  const va = x.variance / x.n;
  const vb = y.variance / y.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0) || x.n < 2 || y.n < 2)
    return { value: d, lo: Number.NaN, hi: Number.NaN, test: "Welch t", statistic: null, p: 1 };
  const df = (va + vb) ** 2 / (va ** 2 / (x.n - 1) + vb ** 2 / (y.n - 1));
  const t = d / se;
  const h = studentTQuantile(1 - alpha / 2, df) * se;
  return {
    value: d,
    lo: d - h,
    hi: d + h,
    test: "Welch t",
    statistic: t,
    df,
    p: studentTTwoSided(t, df),
  };
}

/** Pearson's chi-square goodness of fit of counts against expected shares (normalised). */
export function chiSquareFit(counts: number[], shares: number[]) {
  const total = counts.reduce((s, c) => s + c, 0);
  const sum = shares.reduce((s, c) => s + c, 0);
  let chi2 = 0;
  for (let i = 0; i < counts.length; i++) {
    const e = (total * shares[i]) / sum;
    chi2 += e > 0 ? (counts[i] - e) ** 2 / e : counts[i] > 0 ? Number.POSITIVE_INFINITY : 0;
  }
  const df = counts.length - 1;
  return { chi2, df, p: df > 0 ? chiSquareSf(chi2, df) : 1 };
}

/** Percentile of sorted values (linear interpolation, as numpy's default). */
function percentile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Percentile bootstrap of a statistic of each group and of their difference (b - a): rows are
 * resampled with replacement, `resamples` times, with a fixed seed (the same inputs give the
 * same answer). The p-value is twice the smaller tail share of differences at or beyond 0.
 */
export function bootstrap(
  a: Float64Array,
  b: Float64Array,
  stat: (v: Float64Array) => number,
  alpha: number,
  resamples: number,
  seed = 0x0ab7e57,
): { a: Interval; b: Interval; diff: Difference } {
  const rng = new Prng(seed);
  const ra = new Float64Array(resamples);
  const rb = new Float64Array(resamples);
  const rd = new Float64Array(resamples);
  const bufA = new Float64Array(a.length);
  const bufB = new Float64Array(b.length);
  // One group's interval alone: the same array given twice is resampled once.
  const one = a === b;
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < a.length; i++) bufA[i] = a[rng.int(a.length)];
    ra[r] = stat(bufA);
    if (one) {
      rb[r] = ra[r];
      continue;
    }
    for (let i = 0; i < b.length; i++) bufB[i] = b[rng.int(b.length)];
    rb[r] = stat(bufB);
    rd[r] = rb[r] - ra[r];
  }
  let below = 0;
  let above = 0;
  for (const d of rd) {
    if (d <= 0) below++;
    if (d >= 0) above++;
  }
  const iv = (v: Float64Array, point: number): Interval => {
    const s = Float64Array.from(v).sort();
    return { value: point, lo: percentile(s, alpha / 2), hi: percentile(s, 1 - alpha / 2) };
  };
  const pa = stat(a);
  const pb = stat(b);
  return {
    a: iv(ra, pa),
    b: iv(rb, pb),
    diff: {
      ...iv(rd, pb - pa),
      test: "bootstrap",
      statistic: null,
      p: Math.min(1, (2 * (Math.min(below, above) + 1)) / (resamples + 1)),
    },
  };
}
