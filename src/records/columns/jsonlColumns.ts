import { decodeRange } from "../../data/decode.js";
import { InputError } from "../../io/errors.js";
import { recMsg } from "../../io/messages/recordFile.js";
import { jsonKind } from "../recordFile.js";
import { type Builder, TableBuilder } from "./builder.js";
import { type LineScanner, scanBytes } from "./chunks.js";
import type { Columns } from "./columnTypes.js";
import { POW10 } from "./pow10.js";

const FAIL = -1;
const isWs = (c: number) => c === 32 || c === 9 || c === 13;
// Bytes of the literals the scanner reads, and the chunk a file is read in.
const TRUE = [116, 114, 117, 101];
const FALSE = [102, 97, 108, 115, 101];
const NULL = [110, 117, 108, 108];

function literal(b: Uint8Array, p: number, lit: number[]): boolean {
  for (let i = 0; i < lit.length; i++) if (b[p + i] !== lit[i]) return false;
  return true;
}

/**
 * JSONL bytes to columns without building row objects or decoding the text: a scanner for flat
 * objects whose strings have no escapes, reading UTF-8 bytes; a category's text is decoded once,
 * the first time its bytes are seen. Any other line (nested values, escapes, bad JSON) goes
 * through JSON.parse. Feed it whole lines, in order.
 */
export class JsonlScanner implements LineScanner {
  readonly t: TableBuilder;
  rows = 0;
  private lineNo = 0;
  // The previous line's keys by position (their bytes) and their builders: rows repeat them.
  private keys: Uint8Array[] = [];
  private slots: (Builder | null)[] = [];
  private lineEnd = 0;
  private blank = false;

  constructor(
    private readonly source: string,
    capacity: number,
    only?: Set<string>,
  ) {
    this.t = new TableBuilder(Math.max(16, capacity), only);
  }

  /**
   * Scan the lines in b[start, end): every one ends with a newline except, when `last`, the
   * final one. Returns the offset after the last line scanned.
   */
  feed(b: Buffer, start: number, end: number, last: boolean): number {
    const v = end === b.length ? b : b.subarray(0, end);
    let pos = start;
    if (this.lineNo === 0 && v[pos] === 0xef && v[pos + 1] === 0xbb && v[pos + 2] === 0xbf)
      pos += 3;
    while (pos < end) {
      this.lineNo++;
      if (this.rows >= this.t.capacity) this.t.grow(this.rows + 1);
      if (this.scanLine(v, pos, end) !== FAIL) {
        if (!this.blank) this.rows++;
        pos = this.lineEnd + 1;
        continue;
      }
      let nl = v.indexOf(10, pos);
      if (nl < 0) {
        if (!last) return pos;
        nl = end;
      }
      this.parsed(decodeRange(v, pos, nl));
      pos = nl + 1;
    }
    return Math.min(pos, end);
  }

  /** The columns read so far. */
  done(): Columns {
    return this.t.done(this.rows);
  }

  private parsed(line: string): void {
    if (!line.trim()) return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      throw new InputError(
        recMsg.badLine(this.source, this.lineNo, `not valid JSON (${(e as Error).message})`),
      );
    }
    if (rec === null || typeof rec !== "object" || Array.isArray(rec))
      throw new InputError(recMsg.notRecord(this.source, this.lineNo, jsonKind(rec)));
    const o = rec as Record<string, unknown>;
    for (const k in o) this.t.get(k)?.setValue(this.rows, o[k]);
    this.rows++;
  }

  /** The builder of the key at b[k0, q) (bytes after the opening quote), remembered at `field`. */
  private newKey(b: Buffer, k0: number, q: number, field: number): Builder | null {
    const bd = this.t.get(decodeRange(b, k0, q));
    // A copy (Buffer#slice would share memory, and a file's chunk buffer is reused).
    this.keys[field] = new Uint8Array(b.subarray(k0, q));
    this.slots[field] = bd;
    return bd;
  }

  /**
   * Scan one line from `start` into row `rows`. On success sets lineEnd (the newline, or the
   * end) and blank; FAIL: use JSON.parse (values already stored are stored again by it).
   */
  private scanLine(b: Buffer, start: number, end: number): number {
    const row = this.rows;
    let p = start;
    while (isWs(b[p])) p++;
    let c = b[p];
    if (c === 10 || p >= end) {
      this.blank = true;
      this.lineEnd = p;
      return 0;
    }
    if (c !== 123) return FAIL; // {
    p++;
    let field = 0;
    for (;;) {
      while (isWs(b[p])) p++;
      c = b[p];
      if (c === 125 && field === 0) {
        p++;
        break;
      }
      if (c !== 34) return FAIL;
      // Key: reuse the previous row's key at this position when the bytes match it.
      const k0 = p + 1;
      let bd: Builder | null;
      const prev = this.keys[field];
      let same = prev !== undefined;
      if (same) {
        const n = prev.length;
        for (let i = 0; i < n; i++) {
          if (b[k0 + i] !== prev[i]) {
            same = false;
            break;
          }
        }
        same = same && b[k0 + n] === 34;
      }
      if (same) {
        bd = this.slots[field];
        p = k0 + prev.length + 1;
      } else {
        let q = k0;
        for (c = b[q]; c !== 34; c = b[++q]) if (c === 92 || !(c >= 32)) return FAIL;
        bd = this.newKey(b, k0, q, field);
        p = q + 1;
      }
      field++;
      while (isWs(b[p])) p++;
      if (b[p] !== 58) return FAIL; // :
      p++;
      while (isWs(b[p])) p++;
      c = b[p];
      if (c === 34) {
        // A string: hash its bytes while looking for the closing quote.
        const v0 = p + 1;
        let q = v0;
        let h = 0x811c9dc5;
        for (c = b[q]; c !== 34; c = b[++q]) {
          if (c === 92 || !(c >= 32)) return FAIL;
          h = Math.imul(h ^ c, 0x01000193);
        }
        if (bd !== null) {
          if (bd.num !== null) bd.toCat();
          (bd.codes as Int32Array)[row] = bd.codeOfBytes(b, v0, q, h);
        }
        p = q + 1;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        const n0 = p;
        let neg = false;
        if (c === 45) {
          neg = true;
          c = b[++p];
        }
        if (!(c >= 48 && c <= 57)) return FAIL;
        if (c === 48 && b[p + 1] >= 48 && b[p + 1] <= 57) return FAIL;
        // Up to 9 digits add up in int32 arithmetic; longer mantissas continue in doubles.
        let m = 0;
        let digits = 0;
        let frac = 0;
        while (c >= 48 && c <= 57 && digits < 9) {
          m = (m * 10 + (c - 48)) | 0;
          digits++;
          c = b[++p];
        }
        while (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          digits++;
          c = b[++p];
        }
        if (c === 46) {
          c = b[++p];
          if (!(c >= 48 && c <= 57)) return FAIL;
          while (c >= 48 && c <= 57 && digits < 9) {
            m = (m * 10 + (c - 48)) | 0;
            digits++;
            frac++;
            c = b[++p];
          }
          while (c >= 48 && c <= 57) {
            m = m * 10 + (c - 48);
            digits++;
            frac++;
            c = b[++p];
          }
        }
        let x: number;
        if (c === 101 || c === 69 || digits > 15) {
          // Exponents and long mantissas: the engine's own correctly rounded conversion.
          if (c === 101 || c === 69) {
            c = b[++p];
            if (c === 43 || c === 45) c = b[++p];
            if (!(c >= 48 && c <= 57)) return FAIL;
            while (c >= 48 && c <= 57) c = b[++p];
          }
          x = Number(b.toString("latin1", n0, p));
        } else {
          x = frac ? m / POW10[frac] : m;
          if (neg) x = -x;
        }
        if (bd !== null) {
          if (bd.num !== null) bd.num[row] = x;
          else bd.setNum(row, x);
        }
      } else if (c === 116 && literal(b, p, TRUE)) {
        bd?.setStr(row, "true");
        p += 4;
      } else if (c === 102 && literal(b, p, FALSE)) {
        bd?.setStr(row, "false");
        p += 5;
      } else if (c === 110 && literal(b, p, NULL)) {
        p += 4;
      } else return FAIL;
      while (isWs(b[p])) p++;
      c = b[p++];
      if (c === 44) continue; // ,
      if (c === 125) break; // }
      return FAIL;
    }
    while (isWs(b[p])) p++;
    if (b[p] !== 10 && p < end) return FAIL;
    this.blank = false;
    this.lineEnd = p;
    return 0;
  }
}

/** The JSONL scanner for rows of a table expected to have about `rows` rows. */
export function jsonlScanner(source: string, only?: Set<string>): (rows: number) => LineScanner {
  return (rows) => new JsonlScanner(source, rows, only);
}

/** JSONL text or UTF-8 bytes to columns; `only` limits which fields are kept. */
export function jsonlColumns(input: string | Uint8Array, source: string, only?: Set<string>) {
  return scanBytes(
    typeof input === "string" ? Buffer.from(input, "utf8") : input,
    jsonlScanner(source, only),
  );
}
