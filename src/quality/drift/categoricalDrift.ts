import type { CatCol } from "../../records/columns/columnTypes.js";
import { psiOf } from "./numericDrift.js";

/** Drift of one categorical feature. */
export interface CategoricalDrift {
  psi: number;
  /** Share of current values in categories the reference never had. */
  outliers: number;
  refOutliers: number;
  /** Up to five categories new in the current data, most frequent first. */
  newCategories: string[];
  refMissing: number;
  curMissing: number;
  /** Distinct reference values. */
  distinct: number;
  /** Categories seen on either side (the PSI's bins), and present values on each side. */
  bins: number;
  refN: number;
  curN: number;
  /** Good-Turing estimate of the share of values in categories the reference never saw. */
  unseen: number;
}

function counts(c: CatCol): { counts: Float64Array; n: number; missing: number } {
  const counts = new Float64Array(c.dict.length);
  let missing = 0;
  for (let i = 0; i < c.codes.length; i++) {
    const k = c.codes[i];
    if (k < 0) missing++;
    else counts[k]++;
  }
  return { counts, n: c.codes.length - missing, missing };
}

// Fewer expected values than this in a category on the smaller side: it joins one pooled bin,
// so rare categories do not turn PSI into noise (an empty side would count as 1e-4).
const MIN_EXPECTED = 5;

/** Category counts with the rare ones pooled into one last bin. */
function pool(rc: number[], cc: number[], nr: number, nc: number) {
  const small = Math.min(nr, nc);
  const ref: number[] = [];
  const cur: number[] = [];
  let pr = 0;
  let pc = 0;
  let pooled = 0;
  for (let k = 0; k < rc.length; k++) {
    if (!rc[k] && !cc[k]) continue;
    const share = Math.max(nr ? rc[k] / nr : 0, nc ? cc[k] / nc : 0);
    if (share * small < MIN_EXPECTED) {
      pr += rc[k];
      pc += cc[k];
      pooled++;
    } else {
      ref.push(rc[k]);
      cur.push(cc[k]);
    }
  }
  if (pooled) {
    ref.push(pr);
    cur.push(pc);
  }
  return { ref, cur };
}

/** PSI over the union of categories, and the share of unseen categories. */
export function categoricalDrift(ref: CatCol, cur: CatCol): CategoricalDrift {
  const r = counts(ref);
  const c = counts(cur);
  const refIndex = new Map(ref.dict.map((s, i) => [s, i]));
  const rc: number[] = Array.from(r.counts);
  const cc: number[] = new Array(rc.length).fill(0);
  const fresh: [string, number][] = [];
  for (let k = 0; k < cur.dict.length; k++) {
    if (!c.counts[k]) continue;
    const i = refIndex.get(cur.dict[k]);
    if (i === undefined) {
      rc.push(0);
      cc.push(c.counts[k]);
      fresh.push([cur.dict[k], c.counts[k]]);
    } else cc[i] = c.counts[k];
  }
  const miss = (x: { n: number; missing: number }) =>
    x.n + x.missing ? x.missing / (x.n + x.missing) : 0;
  const freshCount = fresh.reduce((s, [, n]) => s + n, 0);
  const pooled = pool(rc, cc, r.n, c.n);
  return {
    psi: r.n && c.n ? psiOf(pooled.ref, pooled.cur, r.n, c.n) : 0,
    outliers: c.n ? freshCount / c.n : 0,
    refOutliers: 0,
    newCategories: fresh
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([s]) => s),
    refMissing: miss(r),
    curMissing: miss(c),
    distinct: ref.dict.length,
    bins: pooled.ref.length,
    refN: r.n,
    curN: c.n,
    // Categories seen once in the reference stand for those it missed (Good-Turing).
    unseen: r.n ? r.counts.reduce((k, v) => k + (v === 1 ? 1 : 0), 0) / r.n : 0,
  };
}
