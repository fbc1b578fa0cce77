import { Prng } from "../../data/prng.js";
import { type Bins, binOf, binsOf } from "./bins.js";

/** Drift of one numeric feature between a reference and a current sample. */
export interface NumericDrift {
  psi: number;
  /** Two-sample Kolmogorov-Smirnov statistic D, evaluated at up to FINE reference quantiles. */
  ks: number;
  /** Share of current values outside the reference range or with |robust z| above the limit. */
  outliers: number;
  /** The same share on the reference itself (what "normal" looks like for this feature). */
  refOutliers: number;
  refMissing: number;
  curMissing: number;
  /** PSI bins used (reference deciles, fewer when values repeat). */
  bins: number;
  /** Present (non-missing) values in the reference and the current sample. */
  refN: number;
  curN: number;
  /** Equal-width histogram (shares), only when asked for: for pictures. */
  hist?: Histogram;
}

/** Shares per bin of both samples: equal-width bins over the reference range, plus overflow. */
export interface Histogram {
  /** Bin edges (bins + 1 values) over the reference's range. */
  edges: number[];
  ref: number[];
  cur: number[];
  /** Current shares below the reference minimum and above its maximum. */
  below: number;
  above: number;
}

const HIST_BINS = 24;

// Fine quantile bins folded into equal-width bins by their upper edge: no pass over the rows.
function histogram(fine: Float64Array, rc: Float64Array, cc: Float64Array, r: Pass, c: Pass) {
  const lo = r.min;
  const hi = r.max;
  const width = hi > lo ? (hi - lo) / HIST_BINS : 1;
  const bins = hi > lo ? HIST_BINS : 1;
  const ref = new Array<number>(bins).fill(0);
  const cur = new Array<number>(bins).fill(0);
  for (let k = 0; k < rc.length; k++) {
    const top = k < fine.length ? fine[k] : hi;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil((top - lo) / width) - 1));
    ref[b] += rc[k] / r.n;
    cur[b] += cc[k] / (c.n || 1);
  }
  // Values outside the reference range sit in the first and last fine bins: shown apart.
  cur[0] -= c.below / (c.n || 1);
  cur[bins - 1] -= c.above / (c.n || 1);
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  return { edges, ref, cur, below: c.below / (c.n || 1), above: c.above / (c.n || 1) };
}

// KS is read at FINE quantiles of a reference sample; PSI merges them into PSI_BINS deciles.
const FINE = 1000;
const PSI_BINS = 10;
const SAMPLE = 50_000;
/** Smallest share a PSI bin or category counts with, so an empty bin gives a large finite term. */
export const PSI_EPS = 1e-4;

function sortedSample(a: Float64Array): Float64Array {
  const out: number[] = [];
  if (a.length <= SAMPLE) {
    for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i])) out.push(a[i]);
  } else {
    // A fixed seed: the same inputs always give the same edges, so results are reproducible.
    const rng = new Prng(0x5eed);
    for (let tries = 0; tries < 4 * SAMPLE && out.length < SAMPLE; tries++) {
      const v = a[rng.int(a.length)];
      if (!Number.isNaN(v)) out.push(v);
    }
  }
  return Float64Array.from(out).sort();
}

/** The k-th smallest value of a (reordering a): Hoare's quickselect, middle pivot. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function uniqueQuantiles(sorted: Float64Array, levels: number): Float64Array {
  const out: number[] = [];
  for (let k = 1; k < levels; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / levels))];
    if (!out.length || v > out[out.length - 1]) out.push(v);
  }
  return Float64Array.from(out);
}

/** What one pass over a column gives: bin counts, present values, outliers, and the range. */
interface Pass {
  counts: Float64Array;
  n: number;
  outliers: number;
  min: number;
  max: number;
  /** Values below lo and above hi (the reference range, for the current sample). */
  below: number;
  above: number;
}

/** One fused pass: histogram, missing, outliers (outside [lo, hi] or |x - med| > lim), range. */
function pass(a: Float64Array, bins: Bins, lo: number, hi: number, med: number, lim: number): Pass {
  const counts = new Float64Array(bins.edges.length + 1);
  let n = 0;
  let outliers = 0;
  let below = 0;
  let above = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (Number.isNaN(x)) continue;
    n++;
    counts[binOf(bins, x)]++;
    if (x < lo) below++;
    else if (x > hi) above++;
    else if (Math.abs(x - med) > lim) outliers++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { counts, n, outliers: outliers + below + above, min, max, below, above };
}

/** Population stability index of two count vectors over the same bins. */
export function psiOf(ref: ArrayLike<number>, cur: ArrayLike<number>, nr: number, nc: number) {
  let psi = 0;
  for (let k = 0; k < ref.length; k++) {
    const p = Math.max(ref[k] / nr, PSI_EPS);
    const q = Math.max(cur[k] / nc, PSI_EPS);
    psi += (q - p) * Math.log(q / p);
  }
  return psi;
}

/** PSI, KS, outlier shares and missing shares of one numeric feature (two passes in all). */
export function numericDrift(
  ref: Float64Array,
  cur: Float64Array,
  z: number,
  withHistogram = false,
): NumericDrift {
  const sample = sortedSample(ref);
  const none = { bins: 0, refN: 0, curN: 0 };
  const miss = (a: Float64Array, n: number) => (a.length ? 1 - n / a.length : 0);
  if (!sample.length) {
    let n = 0;
    for (let i = 0; i < cur.length; i++) if (!Number.isNaN(cur[i])) n++;
    const curMissing = miss(cur, n);
    return { psi: 0, ks: 0, outliers: 0, refOutliers: 0, refMissing: 1, curMissing, ...none };
  }
  const fine = binsOf(uniqueQuantiles(sample, FINE));
  const med = sample[sample.length >> 1];
  const dev = new Float64Array(sample.length);
  for (let i = 0; i < dev.length; i++) dev[i] = Math.abs(sample[i] - med);
  const scale = 1.4826 * select(dev, dev.length >> 1);
  const lim = scale > 0 ? z * scale : Number.POSITIVE_INFINITY;
  const r = pass(ref, fine, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, med, lim);
  const c = pass(cur, fine, r.min, r.max, med, lim);
  const base = { refMissing: miss(ref, r.n), curMissing: miss(cur, c.n), refN: r.n, curN: c.n };
  if (!c.n) return { psi: 0, ks: 0, outliers: 0, refOutliers: r.outliers / r.n, ...base, bins: 0 };
  let ks = 0;
  let cr = 0;
  let cc = 0;
  for (let k = 0; k < r.counts.length; k++) {
    cr += r.counts[k];
    cc += c.counts[k];
    const d = Math.abs(cr / r.n - cc / c.n);
    if (d > ks) ks = d;
  }
  // PSI deciles are a subset of the fine edges, so their counts are sums of fine bins.
  const deciles = new Set(uniqueQuantiles(sample, PSI_BINS));
  const pr: number[] = [];
  const pc: number[] = [];
  let sr = 0;
  let sc = 0;
  for (let k = 0; k < r.counts.length; k++) {
    sr += r.counts[k];
    sc += c.counts[k];
    if (k === r.counts.length - 1 || deciles.has(fine.edges[k])) {
      pr.push(sr);
      pc.push(sc);
      sr = 0;
      sc = 0;
    }
  }
  return {
    psi: psiOf(pr, pc, r.n, c.n),
    ks,
    outliers: c.outliers / c.n,
    refOutliers: r.outliers / r.n,
    ...base,
    bins: pr.length,
    ...(withHistogram ? { hist: histogram(fine.edges, r.counts, c.counts, r, c) } : {}),
  };
}
