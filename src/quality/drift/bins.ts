/**
 * Sorted unique bin edges with a uniform slot table: bin k holds edges[k-1] < x <= edges[k].
 * An edge's slot is computed by the same monotonic formula as a value's, so every edge in a lower
 * slot is below the value and every edge in a higher slot above it: only the value's own slot
 * needs a search, and most slots hold no edge at all.
 */
export interface Bins {
  edges: Float64Array;
  /** base[s]: how many edges lie in slots below s. */
  base: Int32Array;
  lo0: number;
  last: number;
  scale: number;
}

const SLOTS = 65536;

export function binsOf(edges: Float64Array): Bins {
  const m = edges.length;
  const lo0 = m ? edges[0] : 0;
  const last = m ? edges[m - 1] : 0;
  // One slot (a plain binary search) when the span is zero, overflows or underflows.
  const span = last - lo0;
  let scale = m > 1 && Number.isFinite(span) ? SLOTS / span : 0;
  if (!Number.isFinite(scale)) scale = 0;
  const slot = (x: number) => (scale > 0 ? Math.floor((x - lo0) * scale) : 0);
  const base = new Int32Array((m ? slot(last) : 0) + 2);
  for (let k = 0; k < m; k++) base[slot(edges[k]) + 1]++;
  for (let s = 1; s < base.length; s++) base[s] += base[s - 1];
  return { edges, base, lo0, last, scale };
}

/** The bin of x (x is not NaN). */
export function binOf(b: Bins, x: number): number {
  const e = b.edges;
  if (!e.length || x <= b.lo0) return 0;
  if (x > b.last) return e.length;
  const q = b.scale > 0 ? Math.floor((x - b.lo0) * b.scale) : 0;
  let lo = b.base[q];
  let hi = b.base[q + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (e[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
