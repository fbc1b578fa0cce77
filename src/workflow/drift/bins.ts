/** Sorted bin edges and a fast bin lookup: bin k holds edges[k-1] < x <= edges[k]. */
export interface Bins {
  edges: Float64Array;
  bin(x: number): number;
}

const SLOTS = 4096;

/** Bins over sorted unique edges; a uniform slot table narrows each binary search to a few edges. */
export function binsOf(edges: Float64Array): Bins {
  const m = edges.length;
  if (!m) return { edges, bin: () => 0 };
  const lo0 = edges[0];
  const last = edges[m - 1];
  const span = last - lo0;
  const scale = span > 0 ? SLOTS / span : 0;
  // start[s]: the first edge >= the slot's lower end, so x in slot s has its bin in [start[s]-1, start[s+1]].
  const start = new Int32Array(SLOTS + 2);
  for (let s = 0, k = 0; s <= SLOTS + 1; s++) {
    const x = lo0 + s / scale;
    while (k < m && edges[k] < x) k++;
    start[s] = k;
  }
  return {
    edges,
    bin(x: number): number {
      if (x <= lo0) return 0;
      if (x > last) return m;
      let lo = 0;
      let hi = m;
      if (scale > 0) {
        const s = Math.floor((x - lo0) * scale);
        lo = s > 0 ? start[s] - 1 : 0;
        hi = Math.min(m, start[s + 1]);
      }
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (edges[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}
