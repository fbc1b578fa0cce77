import type { CatCol } from "../../data/columnTypes.js";
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
  return {
    psi: r.n && c.n ? psiOf(rc, cc, r.n, c.n) : 0,
    outliers: c.n ? freshCount / c.n : 0,
    refOutliers: 0,
    newCategories: fresh
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([s]) => s),
    refMissing: miss(r),
    curMissing: miss(c),
    distinct: ref.dict.length,
    bins: rc.filter((v, k) => v > 0 || cc[k] > 0).length,
    refN: r.n,
    curN: c.n,
  };
}
