/**
 * The canonical text of a JSON number: the digits of its exact decimal value, formatted the way
 * ECMAScript's Number::toString formats a double, so for every number a double holds exactly
 * (up to 15 significant digits) it equals JSON.stringify(JSON.parse(raw)): 1.0 -> "1",
 * 1e2 -> "100", 9007199254740993 -> "9007199254740993".
 */
export function canonicalNumber(raw: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(raw);
  if (!m) return raw;
  const [, sign, int, frac = "", exp = "0"] = m;
  let digits = int + frac;
  let point = int.length + Number(exp); // value = 0.digits × 10^point after the strip below
  const lead = /^0*/.exec(digits)![0].length;
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, "");
  if (!digits) return "0";
  const k = digits.length;
  const n = point;
  let out: string;
  if (k <= n && n <= 21) out = digits + "0".repeat(n - k);
  else if (0 < n && n <= 21) out = `${digits.slice(0, n)}.${digits.slice(n)}`;
  else if (-6 < n && n <= 0) out = `0.${"0".repeat(-n)}${digits}`;
  else {
    const e = n - 1;
    const mant = k === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    out = `${mant}e${e < 0 ? "-" : "+"}${Math.abs(e)}`;
  }
  return sign + out;
}
