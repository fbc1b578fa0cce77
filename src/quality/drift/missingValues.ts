import type { CatCol, Column, NumCol } from "../../records/columns/columnTypes.js";
import { normalQuantile } from "../stats/distributions.js";

/** Texts read as a missing value, not as a category (pandas' read_csv defaults, in short). */
export const DEFAULT_MISSING_VALUES = ["", "NA", "N/A", "n/a", "null", "NaN"];

/** Allowed excess of the current missing share over the reference's (plus sampling noise). */
export const DEFAULT_MISSING_SHARE = 0.1;

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const INF = /^\s*([-+]?)(inf|infinity)\s*$/i;

// A number's text as a double: finite decimals, and inf / -inf / Infinity as infinities.
function asNumber(s: string): number | null {
  if (NUMBER.test(s)) return Number(s);
  const m = INF.exec(s);
  return m ? (m[1] === "-" ? -1 : 1) * Number.POSITIVE_INFINITY : null;
}

/**
 * A column with its missing-value tokens turned into missing values; a column that was read as
 * categories only because of such tokens (or an `inf`) becomes numeric again.
 */
export function withoutMissingTokens(col: Column, tokens: ReadonlySet<string>): Column {
  if (col.kind === "num") return col;
  const drop = col.dict.map((s) => tokens.has(s.trim()) || tokens.has(s));
  const nums = col.dict.map((s, i) => (drop[i] ? null : asNumber(s)));
  const numeric = nums.every((x, i) => drop[i] || x !== null) && drop.some((d) => !d);
  if (numeric) {
    const values = new Float64Array(col.codes.length).fill(Number.NaN);
    col.codes.forEach((k, i) => {
      if (k >= 0 && !drop[k]) values[i] = nums[k] as number;
    });
    return { kind: "num", values } satisfies NumCol;
  }
  if (!drop.some(Boolean)) return col;
  const codes = col.codes.map((k) => (k >= 0 && drop[k] ? -1 : k));
  return { kind: "cat", codes, dict: col.dict } satisfies CatCol;
}

/** Share of a column's rows that are missing (NaN, -1), 1 for no rows. */
export function missingShare(col: Column): number {
  const n = col.kind === "num" ? col.values.length : col.codes.length;
  if (!n) return 1;
  let miss = 0;
  if (col.kind === "num") for (const v of col.values) miss += Number.isNaN(v) ? 1 : 0;
  else for (const k of col.codes) miss += k < 0 ? 1 : 0;
  return miss / n;
}

/**
 * The largest current missing share that is not drift: the reference's share plus the allowed
 * excess plus one-sided binomial noise at alpha for sizes n (reference) and m (current).
 */
export function missingLimit(ref: number, excess: number, alpha: number, n: number, m: number) {
  if (n <= 0 || m <= 0) return ref + excess;
  const p = Math.min(1, Math.max(ref, 1 / n));
  const noise = normalQuantile(1 - alpha) * Math.sqrt((p * (1 - p)) / m + (p * (1 - p)) / n);
  return ref + excess + noise;
}
