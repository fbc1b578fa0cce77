/**
 * JSON numbers kept exact. JSON.parse turns every number into a double, so 9007199254740993 and
 * 9007199254740992 (or 1 and 1.0000000000000001) become one value. A line whose numbers all
 * have at most 15 significant digits and a two-digit exponent cannot collide that way and takes
 * the native parser; any other line is read here, each number kept as its decimal text.
 */

import { canonicalNumber } from "../data/canonicalNumber.js";

export { canonicalNumber };

/** A JSON number as written (`raw`) and as its canonical decimal text (`canon`). */
export class ExactNumber {
  constructor(
    readonly raw: string,
    readonly canon: string,
  ) {}
}

/** Values deeper than this are refused with a named error instead of a stack overflow. */
export const MAX_DEPTH = 1000;

/** Thrown when a value nests deeper than MAX_DEPTH; `line` is 1-based within the text read. */
export class NestingError extends Error {
  constructor(readonly line = 1) {
    super(`nested deeper than ${MAX_DEPTH} levels`);
  }
}

// A run of 16 digits/dots is the only way a number gets 16+ significant digits; a 3-digit
// exponent the only way it leaves the double range. Either sends the text to the exact reader.
const RISKY = /[0-9.]{16}|[eE][-+]?[0-9]{3}/;

/** True when JSON.parse may merge two different numbers of this text into one double. */
export const needsExact = (text: string): boolean => RISKY.test(text);

/** Where a text nests deeper than MAX_DEPTH (1-based line), or null; strings are skipped. */
export function depthProblem(text: string): number | null {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
        else if (d === 10) line++;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return line;
    } else if (c === 93 || c === 125) depth--;
  }
  return null;
}

/** Parse JSON text with every number an ExactNumber. Throws SyntaxError or NestingError. */
export function parseExact(text: string): unknown {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (): never => {
    throw new SyntaxError(`Unexpected token in JSON at position ${i}`);
  };
  const str = (): string => {
    const start = i;
    i++;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) break;
    }
    if (i >= n) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new NestingError();
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i] !== ":") fail();
        i++;
        const v = value(depth + 1);
        // JSON.parse makes "__proto__" an own key; plain assignment would set the prototype.
        Object.defineProperty(obj, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return obj;
        } else fail();
      }
    }
    if (c === "[") {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return arr;
        } else fail();
      }
    }
    if (c === '"') return str();
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null/y;
    m.lastIndex = i;
    const tok = m.exec(text);
    if (!tok) fail();
    i = m.lastIndex;
    const t = tok![0];
    if (t === "true") return true;
    if (t === "false") return false;
    if (t === "null") return null;
    return new ExactNumber(t, canonicalNumber(t));
  };
  const v = value(0);
  ws();
  if (i < n) fail();
  return v;
}

/** A parsed JSON value: exact numbers where the text needs them, JSON.parse otherwise. */
export function readJson(text: string): unknown {
  return needsExact(text) ? parseExact(text) : JSON.parse(text);
}

/** True for a JSON object (not an array, not an exact number). */
export const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof ExactNumber);

/** Deep equality of JSON values: key order ignored, numbers by their decimal value. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof ExactNumber || b instanceof ExactNumber) return numText(a) === numText(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ka = Object.keys(ao);
  return (
    ka.length === Object.keys(bo).length &&
    ka.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]))
  );
}

const numText = (v: unknown): string | null =>
  v instanceof ExactNumber ? v.canon : typeof v === "number" ? JSON.stringify(v) : null;

/** JSON.stringify(value, null, indent), with exact numbers written as they were read. */
export function stringifyJson(value: unknown, indent = ""): string {
  const out = (v: unknown, at: string): string | undefined => {
    if (v instanceof ExactNumber) return v.raw;
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    const inner = at + indent;
    const open = indent ? `\n${inner}` : "";
    const close = indent ? `\n${at}` : "";
    const sep = indent ? `,\n${inner}` : ",";
    if (Array.isArray(v)) {
      if (!v.length) return "[]";
      return `[${open}${v.map((x) => out(x, inner) ?? "null").join(sep)}${close}]`;
    }
    const parts: string[] = [];
    for (const k of Object.keys(v)) {
      const s = out((v as Record<string, unknown>)[k], inner);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}:${indent ? " " : ""}${s}`);
    }
    return parts.length ? `{${open}${parts.join(sep)}${close}}` : "{}";
  };
  return out(value, "") ?? "";
}
