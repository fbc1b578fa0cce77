import { InputError } from "../errors.js";
import { type Builder, TableBuilder } from "./builder.js";
import type { Columns } from "./columns.js";

// Exact powers of ten: m / 10^k with m < 2^53 and k <= 22 is correctly rounded (Clinger's fast
// path), so the scanner's numbers equal JSON.parse's bit for bit.
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const FAIL = Symbol("fail");

function badLine(source: string, line: number, text: string, e: unknown): InputError {
  void text;
  return new InputError(
    `mlbranch: ${source}:${line} is not valid JSON (${(e as Error).message}); each line of a JSONL file must be one JSON object.`,
  );
}

/**
 * JSONL to columns without building row objects: a scanner for flat objects whose strings have
 * no escapes; any other line (nested values, escapes, bad JSON) goes through JSON.parse.
 */
export function jsonlColumns(text: string, source: string, only?: Set<string>): Columns {
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
  const t = new TableBuilder(lines, only);
  const keys: string[] = [];
  const slots: (Builder | null)[] = [];
  const len = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 0;
  let lineNo = 0;
  while (pos < len) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = len;
    lineNo++;
    const r = scanLine(text, pos, end, row, t, keys, slots);
    if (r === FAIL) {
      const line = text.slice(pos, end);
      if (line.trim()) {
        let rec: unknown;
        try {
          rec = JSON.parse(line);
        } catch (e) {
          throw badLine(source, lineNo, line, e);
        }
        if (rec === null || typeof rec !== "object" || Array.isArray(rec))
          throw new InputError(`mlbranch: ${source}:${lineNo} is not a JSON object.`);
        const o = rec as Record<string, unknown>;
        for (const k in o) t.get(k)?.setValue(row, o[k]);
        row++;
      }
    } else if (r) row++;
    pos = end + 1;
  }
  return t.done(row);
}

const isWs = (c: number) => c === 32 || c === 9 || c === 13;

/** True when the text at k0 is `key` followed by a closing quote (a char loop: keys are short). */
function sameKey(s: string, k0: number, key: string): boolean {
  const n = key.length;
  for (let i = 0; i < n; i++) if (s.charCodeAt(k0 + i) !== key.charCodeAt(i)) return false;
  return s.charCodeAt(k0 + n) === 34;
}

/** Scan one line into row `row`; true: a record, false: a blank line, FAIL: use JSON.parse. */
function scanLine(
  s: string,
  start: number,
  end: number,
  row: number,
  t: TableBuilder,
  keys: string[],
  slots: (Builder | null)[],
): boolean | typeof FAIL {
  let p = start;
  while (p < end && isWs(s.charCodeAt(p))) p++;
  if (p === end) return false;
  if (s.charCodeAt(p) !== 123) return FAIL; // {
  p++;
  let field = 0;
  for (;;) {
    while (p < end && isWs(s.charCodeAt(p))) p++;
    let c = s.charCodeAt(p);
    if (c === 125 && field === 0) {
      p++;
      break;
    }
    if (c !== 34) return FAIL;
    // Key: reuse the previous row's key at this position when the text matches it.
    const k0 = p + 1;
    let b: Builder | null;
    const prev = keys[field];
    if (prev !== undefined && sameKey(s, k0, prev)) {
      b = slots[field];
      p = k0 + prev.length + 1;
    } else {
      const q = s.indexOf('"', k0);
      if (q < 0 || q >= end) return FAIL;
      const key = s.slice(k0, q);
      if (key.includes("\\")) return FAIL;
      b = t.get(key);
      keys[field] = key;
      slots[field] = b;
      p = q + 1;
    }
    field++;
    while (p < end && isWs(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p) !== 58) return FAIL; // :
    p++;
    while (p < end && isWs(s.charCodeAt(p))) p++;
    c = s.charCodeAt(p);
    if (c === 34) {
      const q = s.indexOf('"', p + 1);
      if (q < 0 || q >= end) return FAIL;
      const v = s.slice(p + 1, q);
      if (v.includes("\\")) return FAIL;
      b?.setStr(row, v);
      p = q + 1;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      const n0 = p;
      let neg = false;
      if (c === 45) {
        neg = true;
        p++;
        c = s.charCodeAt(p);
      }
      if (!(c >= 48 && c <= 57)) return FAIL;
      if (c === 48 && s.charCodeAt(p + 1) >= 48 && s.charCodeAt(p + 1) <= 57) return FAIL;
      let m = 0;
      let digits = 0;
      let frac = 0;
      while (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
        c = s.charCodeAt(++p);
      }
      if (c === 46) {
        c = s.charCodeAt(++p);
        if (!(c >= 48 && c <= 57)) return FAIL;
        while (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          digits++;
          frac++;
          c = s.charCodeAt(++p);
        }
      }
      let v: number;
      if (c === 101 || c === 69 || digits > 15) {
        // Exponents and long mantissas: the engine's own correctly rounded conversion.
        if (c === 101 || c === 69) {
          c = s.charCodeAt(++p);
          if (c === 43 || c === 45) c = s.charCodeAt(++p);
          if (!(c >= 48 && c <= 57)) return FAIL;
          while (c >= 48 && c <= 57) c = s.charCodeAt(++p);
        }
        v = Number(s.slice(n0, p));
      } else {
        v = frac ? m / POW10[frac] : m;
        if (neg) v = -v;
      }
      if (b !== null) {
        if (b.num !== null) b.num[row] = v;
        else b.setNum(row, v);
      }
    } else if (s.startsWith("true", p)) {
      b?.setStr(row, "true");
      p += 4;
    } else if (s.startsWith("false", p)) {
      b?.setStr(row, "false");
      p += 5;
    } else if (s.startsWith("null", p)) {
      p += 4;
    } else return FAIL;
    while (p < end && isWs(s.charCodeAt(p))) p++;
    c = s.charCodeAt(p);
    p++;
    if (c === 44) continue; // ,
    if (c === 125) break; // }
    return FAIL;
  }
  while (p < end && isWs(s.charCodeAt(p))) p++;
  return p === end ? true : FAIL;
}
