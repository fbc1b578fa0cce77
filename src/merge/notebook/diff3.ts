/** The result of a line merge: the lines, and how many conflict blocks they hold. */
export interface LineMerge {
  lines: string[];
  conflicts: number;
}

// Past this many cells in the dynamic-programming table (after trimming the common head and
// tail) the middle is treated as one changed block: a conflict, never a wrong merge.
const MAX_TABLE = 4_000_000;

/** Pairs [i, j] of equal lines of a and b, increasing in both (a longest common subsequence). */
export function commonLines(a: string[], b: string[]): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const out: [number, number][] = [];
  for (let i = 0; i < head; i++) out.push([i, i]);
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n > 0 && m > 0 && n * m <= MAX_TABLE) {
    // lengths[i][j]: LCS of a[head+i..] and b[head+j..], one flat array.
    const w = m + 1;
    const len = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        len[i * w + j] =
          a[head + i] === b[head + j]
            ? len[(i + 1) * w + j + 1] + 1
            : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[head + i] === b[head + j]) {
        out.push([head + i, head + j]);
        i++;
        j++;
      } else if (len[(i + 1) * w + j] >= len[i * w + j + 1]) i++;
      else j++;
    }
  }
  for (let k = tail; k > 0; k--) out.push([a.length - k, b.length - k]);
  return out;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A three-way merge of lines (diff3): where only one side changed a stretch of base, its change
 * applies; the same change on both is taken once; different changes to one stretch are a
 * conflict written as marker lines of `markerSize` around ours and theirs.
 */
export function diff3Lines(
  base: string[],
  ours: string[],
  theirs: string[],
  markerSize = 7,
): LineMerge {
  const inOurs = new Int32Array(base.length).fill(-1);
  const inTheirs = new Int32Array(base.length).fill(-1);
  for (const [b, o] of commonLines(base, ours)) inOurs[b] = o;
  for (const [b, t] of commonLines(base, theirs)) inTheirs[b] = t;
  const lines: string[] = [];
  let conflicts = 0;
  let b = 0;
  let o = 0;
  let t = 0;
  const chunk = (bEnd: number, oEnd: number, tEnd: number) => {
    const [bs, os, ts] = [base.slice(b, bEnd), ours.slice(o, oEnd), theirs.slice(t, tEnd)];
    if (same(os, bs)) lines.push(...ts);
    else if (same(ts, bs) || same(os, ts)) lines.push(...os);
    else {
      conflicts++;
      // A side's last line without its newline would swallow the marker after it.
      const ended = (ls: string[]) =>
        ls.length && !ls[ls.length - 1].endsWith("\n")
          ? [...ls.slice(0, -1), `${ls[ls.length - 1]}\n`]
          : ls;
      if (lines.length && !lines[lines.length - 1].endsWith("\n")) lines[lines.length - 1] += "\n";
      lines.push(
        `${"<".repeat(markerSize)} ours\n`,
        ...ended(os),
        `${"=".repeat(markerSize)}\n`,
        ...ended(ts),
        `${">".repeat(markerSize)} theirs\n`,
      );
    }
  };
  while (b < base.length || o < ours.length || t < theirs.length) {
    // The next base line both sides kept, at or after the current positions.
    let k = b;
    while (k < base.length && (inOurs[k] < o || inTheirs[k] < t)) k++;
    if (k === base.length) {
      chunk(base.length, ours.length, theirs.length);
      break;
    }
    if (k === b && inOurs[k] === o && inTheirs[k] === t) {
      lines.push(base[b]);
      b++;
      o++;
      t++;
      continue;
    }
    chunk(k, inOurs[k], inTheirs[k]);
    b = k;
    o = inOurs[k];
    t = inTheirs[k];
  }
  // A final marker line ends with a newline the source did not have: Jupyter shows it either way.
  return { lines, conflicts };
}
