import type { CompiledField } from "./schema.js";

// The fast CSV path reads cells where they lie in the text (no string per cell): a check here
// answers only "this cell is valid, and its key is its own text". Any other answer sends the
// cell to the exact path (TableValidator.cell), which finds and words the error, so a check may
// say "not sure" but must never accept a cell the exact path would flag.

/** The value of the last number plainIntegerAt / plainFractionAt accepted (exactly Number(text)). */
export let NUM = 0;

// 10^k for k <= 15: exact doubles, so mantissa / 10^k rounds once, as Number(text) does.
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** decimal.ts's plainInteger on text[s, e) (s < e), the value in NUM. */
export function plainIntegerAt(t: string, s: number, e: number): boolean {
  const neg = t.charCodeAt(s) === 45;
  let i = neg ? s + 1 : s;
  if (i >= e || e - i > 15 || (t.charCodeAt(i) === 48 && e - i > 1)) return false;
  let v = 0;
  for (; i < e; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    v = v * 10 + c;
  }
  if (neg && v === 0) return false; // "-0" is not canonical
  NUM = neg ? -v : v;
  return true;
}

/** decimal.ts's plainFraction on text[s, e) (s < e), the value in NUM. */
export function plainFractionAt(t: string, s: number, e: number): boolean {
  if (e - s > 15) return false;
  const neg = t.charCodeAt(s) === 45;
  const lead = neg ? s + 1 : s;
  let dot = -1;
  let m = 0;
  for (let i = lead; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c === 46 && dot === -1) dot = i;
    else if (c < 48 || c > 57) return false;
    else m = m * 10 + (c - 48);
  }
  if (dot <= lead || dot === e - 1 || t.charCodeAt(e - 1) === 48) return false;
  if (t.charCodeAt(lead) === 48) {
    if (dot !== lead + 1) return false;
    let zeros = 0;
    while (t.charCodeAt(dot + 1 + zeros) === 48) zeros++;
    if (zeros >= 6) return false;
  }
  NUM = (neg ? -m : m) / POW10[e - 1 - dot];
  return true;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digitAt = (t: string, i: number) => {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
};

/** temporal.ts's isoDate on text[s, e): YYYY-MM-DD that exists in the calendar. */
export function isoDateAt(t: string, s: number, e: number): boolean {
  if (e - s !== 10 || t.charCodeAt(s + 4) !== 45 || t.charCodeAt(s + 7) !== 45) return false;
  const y =
    digitAt(t, s) * 1000 + digitAt(t, s + 1) * 100 + digitAt(t, s + 2) * 10 + digitAt(t, s + 3);
  const m = digitAt(t, s + 5) * 10 + digitAt(t, s + 6);
  const d = digitAt(t, s + 8) * 10 + digitAt(t, s + 9);
  if (y < 0 || m < 1 || m > 12 || d < 1) return false;
  if (d <= DAYS[m - 1]) return true;
  return m === 2 && d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/**
 * An ASCII text[s, e) that cast.ts's EMAIL (/^[^@\s]+@[^@\s]+\.[^@\s]+$/) surely matches:
 * one "@" after something, and a "." in what follows with something on both sides.
 */
export function emailAt(t: string, s: number, e: number): boolean {
  let at = -1;
  let dot = -1;
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c > 126 || c <= 32) return false;
    if (c === 64) {
      if (at !== -1) return false;
      at = i;
    } else if (c === 46 && at !== -1 && i >= at + 2 && i <= e - 2) dot = i;
  }
  return at > s && dot !== -1;
}

const BROKEN = {
  minimum: (c: number) => c < 0,
  maximum: (c: number) => c > 0,
  exclusiveMinimum: (c: number) => c <= 0,
  exclusiveMaximum: (c: number) => c >= 0,
} as const;

/** How the fast path checks one field's cells (null: every cell goes the exact way). */
export interface FastField {
  tag: "integer" | "number" | "string" | "email" | "date";
  /** Numeric bounds as doubles (each limit exact: at most 15 characters). */
  bounds: { num: number; broken: (c: number) => boolean }[];
  enumList: string[] | null;
  minLength?: number;
  maxLength?: number;
}

/** The fast reading of a field, when its type and constraints allow one. */
export function fastField(f: CompiledField): FastField | null {
  const tag = f.kind.fast;
  if (!tag || f.pattern) return null;
  const numeric = tag === "integer" || tag === "number";
  if (tag === "date" && f.constrained) return null;
  if (f.enum && f.enum.size > 16) return null;
  if (numeric && (f.enum || f.minLength !== undefined || f.maxLength !== undefined)) return null;
  const bounds: FastField["bounds"] = [];
  for (const name of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) {
    const limit = f[name];
    if (limit === undefined) continue;
    if (!numeric || limit.length > 15 || !Number.isFinite(Number(limit))) return null;
    bounds.push({ num: Number(limit), broken: BROKEN[name] });
  }
  return {
    tag,
    bounds,
    enumList: f.enum ? [...f.enum] : null,
    minLength: f.minLength,
    maxLength: f.maxLength,
  };
}

/**
 * -?\d+(\.\d+)? of at most 15 characters (a valid number, or integer without the dot, whose
 * canonical text is at most as long), the value in NUM: for a field that is no key, where the
 * canonical text itself is not needed.
 */
export function decimalAt(t: string, s: number, e: number, dotOk: boolean): boolean {
  if (e - s > 15) return false;
  const neg = t.charCodeAt(s) === 45;
  const lead = neg ? s + 1 : s;
  let dot = -1;
  let m = 0;
  for (let i = lead; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c === 46 && dot === -1 && dotOk) dot = i;
    else if (c < 48 || c > 57) return false;
    else m = m * 10 + (c - 48);
  }
  if (e === lead || dot === lead || dot === e - 1) return false;
  NUM = (neg ? -m : m) / POW10[dot === -1 ? 0 : e - 1 - dot];
  return true;
}

/**
 * True when text[s, e) (not empty) is a valid cell of the field; for a key field (keyed) also
 * that its key is its own text.
 */
export function fastCellOk(
  ff: FastField,
  t: string,
  s: number,
  e: number,
  keyed: boolean,
): boolean {
  switch (ff.tag) {
    case "integer":
      return (keyed ? plainIntegerAt(t, s, e) : decimalAt(t, s, e, false)) && inBounds(ff, e - s);
    case "number":
      return (
        (keyed ? plainIntegerAt(t, s, e) || plainFractionAt(t, s, e) : decimalAt(t, s, e, true)) &&
        inBounds(ff, e - s)
      );
    case "date":
      return isoDateAt(t, s, e);
    case "email":
      if (!emailAt(t, s, e)) return false;
      return stringOk(ff, t, s, e);
    default:
      return stringOk(ff, t, s, e);
  }
}

/** True when text[s, e) is, as is, the key of a field of this kind (no constraint checked). */
export function fastKeyOk(ff: FastField, t: string, s: number, e: number): boolean {
  switch (ff.tag) {
    case "integer":
      return plainIntegerAt(t, s, e);
    case "number":
      return plainIntegerAt(t, s, e) || plainFractionAt(t, s, e);
    case "date":
      return isoDateAt(t, s, e);
    case "email":
      return emailAt(t, s, e);
    default:
      return true;
  }
}

function inBounds(ff: FastField, len: number): boolean {
  const b = ff.bounds;
  if (!b.length) return true;
  // boundsOf compares keys longer than 15 characters exactly as text: leave those to it.
  if (len > 15) return false;
  for (let k = 0; k < b.length; k++) if (b[k].broken(NUM - b[k].num)) return false;
  return true;
}

function stringOk(ff: FastField, t: string, s: number, e: number): boolean {
  const list = ff.enumList;
  if (list) {
    let found = false;
    for (let k = 0; k < list.length && !found; k++)
      found = list[k].length === e - s && t.startsWith(list[k], s);
    if (!found) return false;
  }
  if (ff.minLength === undefined && ff.maxLength === undefined) return true;
  // Lengths count code points: a surrogate pair goes the exact way.
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  const n = e - s;
  return (
    (ff.minLength === undefined || n >= ff.minLength) &&
    (ff.maxLength === undefined || n <= ff.maxLength)
  );
}
