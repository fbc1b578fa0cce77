import { canonicalNumber } from "./canonicalNumber.js";
/** Returned when a line is not a flat JSON object this scanner checks fully; use JSON.parse. */
export const NOT_FLAT = Symbol("not-flat");

const ws = (c: number) => c === 32 || c === 9 || c === 13;

function skipNumber(s: string, p: number): number {
  let c = s.charCodeAt(p);
  if (c === 45) c = s.charCodeAt(++p);
  if (c === 48) c = s.charCodeAt(++p);
  else if (c >= 49 && c <= 57) while (c >= 48 && c <= 57) c = s.charCodeAt(++p);
  else return -1;
  if (c === 46) {
    c = s.charCodeAt(++p);
    if (!(c >= 48 && c <= 57)) return -1;
    while (c >= 48 && c <= 57) c = s.charCodeAt(++p);
  }
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++p);
    if (c === 43 || c === 45) c = s.charCodeAt(++p);
    if (!(c >= 48 && c <= 57)) return -1;
    while (c >= 48 && c <= 57) c = s.charCodeAt(++p);
  }
  return p;
}

/** End of a string starting at the quote p; -1 when it has escapes or control characters. */
function skipString(s: string, p: number, n: number): number {
  for (let i = p + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92 || c < 32) return -1;
  }
  return -1;
}

/** Where scanFlat found the field's value: [start, end) of the text, and its first char. */
export const hit = { start: 0, end: 0, kind: 0 };

/**
 * Check a one-line flat JSON object and find a top-level field. Returns NOT_FLAT (use
 * JSON.parse), false when the field is absent or null, or true with `hit` set to the value's
 * span: for a string the characters between the quotes (kind 34), for a number its token.
 */
export function scanFlat(
  s: string,
  key: string,
  start = 0,
  n = s.length,
): boolean | typeof NOT_FLAT {
  let p = start;
  while (p < n && ws(s.charCodeAt(p))) p++;
  if (s.charCodeAt(p++) !== 123) return NOT_FLAT;
  let found = false;
  let first = true;
  for (;;) {
    while (p < n && ws(s.charCodeAt(p))) p++;
    if (first && s.charCodeAt(p) === 125) {
      p++;
      break;
    }
    first = false;
    if (s.charCodeAt(p) !== 34) return NOT_FLAT;
    const kEnd = skipString(s, p, n);
    if (kEnd < 0) return NOT_FLAT;
    const isKey = kEnd - p - 2 === key.length && s.startsWith(key, p + 1);
    p = kEnd;
    while (p < n && ws(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p++) !== 58) return NOT_FLAT;
    while (p < n && ws(s.charCodeAt(p))) p++;
    const c = s.charCodeAt(p);
    let end: number;
    if (c === 34) end = skipString(s, p, n);
    else if (c === 45 || (c >= 48 && c <= 57)) end = skipNumber(s, p);
    else if (s.startsWith("true", p)) end = p + 4;
    else if (s.startsWith("false", p)) end = p + 5;
    else if (s.startsWith("null", p)) end = p + 4;
    else return NOT_FLAT;
    if (end < 0) return NOT_FLAT;
    if (isKey) {
      // Last one wins, as in JSON.parse.
      if (c === 116 || c === 102) return NOT_FLAT;
      found = c !== 110;
      hit.kind = c;
      hit.start = c === 34 ? p + 1 : p;
      hit.end = c === 34 ? end - 1 : end;
    }
    p = end;
    while (p < n && ws(s.charCodeAt(p))) p++;
    const d = s.charCodeAt(p++);
    if (d === 44) continue;
    if (d === 125) break;
    return NOT_FLAT;
  }
  while (p < n && ws(s.charCodeAt(p))) p++;
  return p === n ? found : NOT_FLAT;
}

/**
 * The value of a top-level field of a one-line flat JSON object, as the id text idText would
 * give (a string as is, a number as JSON prints it); undefined when absent or null. The whole
 * line is checked, so invalid JSON never passes; nested values or escapes give NOT_FLAT.
 */
export function flatField(
  s: string,
  key: string,
  start = 0,
  n = s.length,
): string | undefined | typeof NOT_FLAT {
  const r = scanFlat(s, key, start, n);
  if (r === NOT_FLAT) return NOT_FLAT;
  if (!r) return undefined;
  const text = s.slice(hit.start, hit.end);
  // Up to 15 characters a number is exact as a double; longer ones keep their decimal value.
  return hit.kind === 34 ? text : text.length <= 15 ? String(Number(text)) : canonicalNumber(text);
}
