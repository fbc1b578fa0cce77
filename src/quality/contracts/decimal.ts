import { canonicalNumber } from "../../records/exactJson.js";

// Numbers stay exact: a value is kept as its canonical decimal text (records/exactJson), and
// compared as a double only when both sides have at most 15 significant digits.

const SHORT = /^-?\d{1,15}(?:\.\d{1,14})?$/;

/** The canonical decimal text of a plain number text ("+1.50" -> "1.5", "1e2" -> "100"). */
export function canonicalDecimal(t: string): string {
  const s = t.charCodeAt(0) === 43 ? t.slice(1) : t; // "+"
  // Up to 15 significant digits a double holds the value exactly, and prints it canonically.
  if (s.length <= 15 && !/[eE][-+]?\d{3}/.test(s)) {
    const n = Number(s);
    return Object.is(n, -0) ? "0" : String(n);
  }
  return canonicalNumber(s);
}

function parts(s: string): { neg: boolean; digits: string; point: number } {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(s);
  if (!m) return { neg: false, digits: "", point: 0 };
  const [, sign, int, frac = "", exp = "0"] = m;
  let digits = int + frac;
  let point = int.length + Number(exp);
  const lead = /^0*/.exec(digits)![0].length;
  digits = digits.slice(lead).replace(/0+$/, "");
  point -= lead;
  return { neg: sign === "-" && digits !== "", digits, point };
}

const SPECIAL: Record<string, number> = { NaN: Number.NaN, INF: Infinity, "-INF": -Infinity };

/** Compare two canonical decimals exactly: negative, 0 or positive (NaN compares as equal). */
export function compareDecimal(a: string, b: string): number {
  if (a in SPECIAL || b in SPECIAL) {
    const x = SPECIAL[a] ?? Number(a);
    const y = SPECIAL[b] ?? Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (SHORT.test(a) && SHORT.test(b)) return Number(a) - Number(b);
  const p = parts(a);
  const q = parts(b);
  if (p.neg !== q.neg) return p.neg ? -1 : 1;
  const sign = p.neg ? -1 : 1;
  if (!p.digits || !q.digits) return p.digits ? sign : q.digits ? -sign : 0;
  if (p.point !== q.point) return (p.point > q.point ? 1 : -1) * sign;
  const w = Math.max(p.digits.length, q.digits.length);
  const x = p.digits.padEnd(w, "0");
  const y = q.digits.padEnd(w, "0");
  return (x === y ? 0 : x > y ? 1 : -1) * sign;
}
