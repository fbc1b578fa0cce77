import { isUtf8 } from "node:buffer";
import { parseCsv } from "../records/csv.js";
import { jsonRecord } from "../records/identity.js";

/**
 * Whether a chunk of whole lines of the shared prefix holds only lines the in-memory parser of
 * the format reads (`start`: the chunk begins the file). False sends the merge to the in-memory
 * path, which names the line and exits 2: both paths answer malformed input alike.
 */
export type PrefixCheck = (chunk: Buffer, start: boolean) => boolean;

/** What every record format refuses: NUL bytes and invalid UTF-8 (binaryProblem's rules). */
export const textPrefixOk: PrefixCheck = (chunk) => chunk.indexOf(0) === -1 && isUtf8(chunk);

const BOM = 3;
const hasBom = (b: Buffer) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

// JSON's grammar for the usual record line, as one native regex over the chunk read as latin1
// (one char per byte; UTF-8 is checked separately): an object whose values are primitives or
// objects/arrays of primitives. A line it does not take is read as the in-memory path reads it.
const STR = '"(?:[^"\\\\\\x00-\\x1f]|\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4}))*"';
const NUM = "-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?";
const PRIM = `(?:${STR}|${NUM}|true|false|null)`;
const WS = "[ \\t]*";
const members = (v: string) =>
  `(?:${STR}${WS}:${WS}${v}${WS}(?:,${WS}${STR}${WS}:${WS}${v}${WS})*)?`;
const VALUE = `(?:${PRIM}|\\{${WS}${members(PRIM)}\\}|\\[${WS}(?:${PRIM}${WS}(?:,${WS}${PRIM}${WS})*)?\\])`;
const JSONL_LINE = new RegExp(
  `(?:${WS}\\{${WS}${members(VALUE)}\\}[ \\t\\r]*|[ \\t\\r]*)(?:\\n|$)`,
  "y",
);

/**
 * Call `fn(piece, from)` on line-aligned pieces of about 64 KiB of a chunk of whole lines, read as
 * latin1: strings that small are young-generation garbage, collected at once (a 4 MiB string a
 * chunk would pile up until a full collection).
 */
function eachPiece(chunk: Buffer, from: number, fn: (s: string, at: number) => boolean): boolean {
  for (let a = from; a < chunk.length; ) {
    let e = a + PIECE >= chunk.length ? chunk.length : chunk.indexOf(10, a + PIECE) + 1;
    if (e === 0) e = chunk.length;
    if (!fn(chunk.toString("latin1", a, e), a)) return false;
    a = e;
  }
  return true;
}
const PIECE = 64 << 10;

/** JSON Lines: every non-blank line one JSON value, as parseJsonl reads it (depth included). */
export const jsonlPrefixOk: PrefixCheck = (chunk, start) =>
  textPrefixOk(chunk, start) &&
  eachPiece(chunk, start && hasBom(chunk) ? BOM : 0, (s, at) => {
    for (let a = 0; a < s.length; ) {
      JSONL_LINE.lastIndex = a;
      if (JSONL_LINE.test(s)) {
        a = JSONL_LINE.lastIndex;
        continue;
      }
      let e = s.indexOf("\n", a);
      if (e === -1) e = s.length;
      const line = chunk.toString("utf8", at + a, at + (s.charCodeAt(e - 1) === 13 ? e - 1 : e));
      a = e + 1;
      if (line.trim() === "") continue;
      try {
        jsonRecord(line, undefined);
      } catch {
        return false;
      }
    }
    return true;
  });

/**
 * CSV/TSV: after the header (the file's first line), every non-blank record has the header's
 * width under RFC 4180 quoting; a quoted field may span lines within the chunk.
 */
export function csvPrefixOk(width: number, delim: string): PrefixCheck {
  const field = delim === "\t" ? '[^"\\n\\t]*' : '[^"\\n,]*';
  const sep = delim === "\t" ? "\\t" : ",";
  // A whole line of exactly `width` unquoted fields, or a blank one.
  const plain = new RegExp(`(?:(?:${field}${sep}){${width - 1}}${field}|[ \\t\\r]*)(?:\\n|$)`, "y");
  return (chunk, start) => {
    if (!textPrefixOk(chunk, start)) return false;
    // After the header; a record whose quoted field runs past its piece: the in-memory path.
    const from = start ? chunk.indexOf(10) + 1 : 0;
    if (start && from === 0) return true;
    return eachPiece(chunk, from, (s, at) => {
      for (let a = 0; a < s.length; ) {
        plain.lastIndex = a;
        if (plain.test(s)) {
          a = plain.lastIndex;
          continue;
        }
        // A record with quotes ends at the first line end after an even number of quotes.
        let e = s.indexOf("\n", a);
        let quotes = 0;
        for (let from = a; ; ) {
          if (e === -1) e = s.length;
          for (let q = s.indexOf('"', from); q !== -1 && q < e; q = s.indexOf('"', q + 1)) quotes++;
          if (quotes % 2 === 0) break;
          if (e >= s.length) return false;
          from = e;
          e = s.indexOf("\n", e + 1);
        }
        const text = chunk.toString("utf8", at + a, at + e);
        a = e + 1;
        if (text.trim() === "") continue;
        const p = parseCsv(text, delim);
        if (p.problem || p.rows.length !== 1 || p.rows[0].fields.length !== width) return false;
      }
      return true;
    });
  };
}
