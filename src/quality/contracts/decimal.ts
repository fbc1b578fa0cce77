import { canonicalNumber } from "../../records/exactJson.js";

// Numbers stay exact: a value is kept as its canonical decimal text (records/exactJson), and
// compared as a double only when both sides have at most 15 significant digits.

// True when t is digits with an optional leading "-" and no leading zero: already canonical.
/** True for an integer text that is already canonical ("-12", not "012", "+1" or "-0"). */
export function plainInteger(t: string): boolean {
  const n = t.length;
  let i = t.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= n || n - i > 15 || (t.charCodeAt(i) === 48 && n - i > 1)) return false;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return t !== "-0";
}

// True when t is -?(0|[1-9]d*).d*[1-9] of at most 15 characters, not below 1e-6 (which prints
// with an exponent): already the text of its double, so nothing to build.
/** True for a decimal text that is already canonical ("0.25", not "0.250" or ".25"). */
export function plainFraction(t: string): boolean {
  const n = t.length;
  if (n > 15) return false;
  let i = t.charCodeAt(0) === 45 ? 1 : 0;
  const lead = i;
  let dot = -1;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 46 && dot === -1) dot = i;
    else if (c < 48 || c > 57) return false;
  }
  if (dot <= lead || dot === n - 1 || t.charCodeAt(n - 1) === 48) return false;
  if (t.charCodeAt(lead) === 48) {
    if (dot !== lead + 1) return false;
    let zeros = 0;
    while (t.charCodeAt(dot + 1 + zeros) === 48) zeros++;
    if (zeros >= 6) return false;
  }
  return true;
}

/** The canonical decimal text of a plain number text ("+1.50" -> "1.5", "1e2" -> "100"). */
export function canonicalDecimal(t: string): string {
  if (plainInteger(t) || plainFraction(t)) return t;
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
  // Canonical texts of up to 15 characters hold at most 15 significant digits: as doubles they
  // keep their order exactly ("INF" and "NaN" read through SPECIAL).
  if (a.length <= 15 && b.length <= 15) {
    let x = Number(a);
    let y = Number(b);
    if (Number.isNaN(x)) x = SPECIAL[a] ?? x;
    if (Number.isNaN(y)) y = SPECIAL[b] ?? y;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a in SPECIAL || b in SPECIAL) {
    const x = SPECIAL[a] ?? Number(a);
    const y = SPECIAL[b] ?? Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
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
