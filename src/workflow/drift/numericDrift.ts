import { Prng } from "../../data/prng.js";

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
}

// KS is read at FINE quantiles of a reference sample; PSI merges them into PSI_BINS deciles.
const FINE = 1000;
const PSI_BINS = 10;
const SAMPLE = 50_000;
/** Smallest share a PSI bin or category counts with, so an empty bin gives a large finite term. */
export const PSI_EPS = 1e-4;

function present(a: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i])) n++;
  if (n === a.length) return a;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i])) out[j++] = a[i];
  return out;
}

function sortedSample(a: Float64Array): Float64Array {
  if (a.length <= SAMPLE) return Float64Array.from(a).sort();
  // A fixed seed: the same inputs always give the same edges, so results are reproducible.
  const rng = new Prng(0x5eed);
  const s = new Float64Array(SAMPLE);
  for (let i = 0; i < SAMPLE; i++) s[i] = a[rng.int(a.length)];
  return s.sort();
}

function uniqueQuantiles(sorted: Float64Array, levels: number): Float64Array {
  const out: number[] = [];
  for (let k = 1; k < levels; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / levels))];
    if (!out.length || v > out[out.length - 1]) out.push(v);
  }
  return Float64Array.from(out);
}

const SLOTS = 4096;

/** counts[k] = values x with edges[k-1] < x <= edges[k] (k = edges.length: above the last). */
function histogram(a: Float64Array, edges: Float64Array): Float64Array {
  const m = edges.length;
  const counts = new Float64Array(m + 1);
  if (!m) {
    counts[0] = a.length;
    return counts;
  }
  const lo0 = edges[0];
  const span = edges[m - 1] - lo0;
  // A uniform lookup table narrows the binary search to the few edges in x's slot.
  const scale = span > 0 ? SLOTS / span : 0;
  const start = new Int32Array(SLOTS + 2);
  for (let s = 0, k = 0; s <= SLOTS + 1; s++) {
    const x = lo0 + s / scale;
    while (k < m && edges[k] < x) k++;
    start[s] = span > 0 ? k : 0;
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    let lo: number;
    let hi: number;
    if (x <= lo0) {
      counts[0]++;
      continue;
    }
    if (x > edges[m - 1]) {
      counts[m]++;
      continue;
    }
    if (scale > 0) {
      const s = Math.floor((x - lo0) * scale);
      lo = s > 0 ? start[s] - 1 : 0;
      hi = start[s + 1];
      if (lo < 0) lo = 0;
      if (hi > m) hi = m;
    } else {
      lo = 0;
      hi = m;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
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

function outlierShare(
  a: Float64Array,
  min: number,
  max: number,
  med: number,
  scale: number,
  z: number,
) {
  if (!a.length) return 0;
  let n = 0;
  const lim = scale > 0 ? z * scale : Number.POSITIVE_INFINITY;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x < min || x > max || Math.abs(x - med) > lim) n++;
  }
  return n / a.length;
}

/** PSI, KS, outlier shares and missing shares of one numeric feature. */
export function numericDrift(refAll: Float64Array, curAll: Float64Array, z: number): NumericDrift {
  const ref = present(refAll);
  const cur = present(curAll);
  const miss = (a: Float64Array, p: Float64Array) => (a.length ? 1 - p.length / a.length : 0);
  const base = { refMissing: miss(refAll, ref), curMissing: miss(curAll, cur) };
  if (!ref.length || !cur.length) return { psi: 0, ks: 0, outliers: 0, refOutliers: 0, ...base };
  const sample = sortedSample(ref);
  const fine = uniqueQuantiles(sample, FINE);
  const rc = histogram(ref, fine);
  const cc = histogram(cur, fine);
  let ks = 0;
  let cr = 0;
  let ccum = 0;
  for (let k = 0; k < rc.length; k++) {
    cr += rc[k];
    ccum += cc[k];
    const d = Math.abs(cr / ref.length - ccum / cur.length);
    if (d > ks) ks = d;
  }
  // PSI deciles are a subset of the fine edges, so their counts are sums of fine bins.
  const deciles = new Set(uniqueQuantiles(sample, PSI_BINS));
  const pr: number[] = [];
  const pc: number[] = [];
  let sr = 0;
  let sc = 0;
  for (let k = 0; k < rc.length; k++) {
    sr += rc[k];
    sc += cc[k];
    if (k === rc.length - 1 || deciles.has(fine[k])) {
      pr.push(sr);
      pc.push(sc);
      sr = 0;
      sc = 0;
    }
  }
  const psi = psiOf(pr, pc, ref.length, cur.length);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ref.length; i++) {
    const x = ref[i];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const med = sample[sample.length >> 1];
  const dev = Float64Array.from(sample, (x) => Math.abs(x - med)).sort();
  const scale = 1.4826 * dev[dev.length >> 1];
  return {
    psi,
    ks,
    outliers: outlierShare(cur, min, max, med, scale, z),
    refOutliers: outlierShare(ref, min, max, med, scale, z),
    ...base,
  };
}
