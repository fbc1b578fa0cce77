import { decodeRange } from "../../data/decode.js";
import { InputError } from "../../io/errors.js";
import { recMsg } from "../../io/messages/recordFile.js";
import { CSV_PROBLEM } from "../csv.js";
import { type Builder, hashBytes, TableBuilder } from "./builder.js";
import type { LineScanner, ScannerFor } from "./chunks.js";
import type { Columns } from "./columnTypes.js";
import { POW10 } from "./pow10.js";

const QUOTE = 34;
const NL = 10;
const CR = 13;

/** A CSV value as a number: only text that starts like one ("0x1f" is 31, " 3" a category). */
export function numeric(s: string): number {
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return Number.NaN;
  const v = +s;
  return Number.isFinite(v) ? v : Number.NaN;
}

/**
 * b[s, e) as a plain decimal (-?digits[.digits], at most 15 digits), or NaN for anything else;
 * exactly what `+s` gives (Clinger's fast path, as in the JSONL scanner).
 */
function decimal(b: Buffer, s: number, e: number): number {
  let p = s;
  let neg = false;
  if (b[p] === 45) {
    neg = true;
    p++;
  }
  let c = b[p];
  if (!(c >= 48 && c <= 57)) return Number.NaN;
  let m = 0;
  let digits = 0;
  let frac = 0;
  while (p < e && c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    digits++;
    c = b[++p];
  }
  if (p < e && c === 46) {
    c = b[++p];
    if (!(p < e && c >= 48 && c <= 57)) return Number.NaN;
    while (p < e && c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      frac++;
      c = b[++p];
    }
  }
  if (p !== e || digits > 15) return Number.NaN;
  const v = frac ? m / POW10[frac] : m;
  return neg ? -v : v;
}

/**
 * CSV (or TSV) bytes to columns, a record at a time, read as records/csv.ts reads them: RFC 4180
 * quotes (a quoted field may span lines), the first record names the columns, every record as
 * wide as the header, bytes that are not UTF-8 kept one character per byte (Latin-1). An empty
 * field is missing, a field that reads as a number (`numeric`) is one, anything else a
 * category, found by a hash of its bytes and decoded once per distinct value. Blank lines are
 * skipped; a trailing \r is dropped. Feed it whole lines, in order: a record cut by the end of
 * what was fed (not the last feed) is left for the next feed.
 */
export class CsvScanner implements LineScanner {
  readonly t: TableBuilder;
  rows = 0;
  private lineNo = 0;
  // The line the current record starts on, for messages.
  private recLine = 0;
  private cols: (Builder | null)[] | null = null;
  private names: string[] = [];
  private field = 0;

  constructor(
    private readonly source: string,
    capacity: number,
    private readonly sep: number,
    only?: Set<string>,
  ) {
    this.t = new TableBuilder(Math.max(16, capacity), only);
  }

  feed(b: Buffer, start: number, end: number, last: boolean): number {
    const v = end === b.length ? b : b.subarray(0, end);
    let pos = start;
    while (pos < end) {
      const at = pos;
      const lines = this.lineNo;
      this.recLine = ++this.lineNo;
      if (this.lineNo === 1 && v[pos] === 0xef && v[pos + 1] === 0xbb && v[pos + 2] === 0xbf)
        pos += 3;
      // A blank line (maybe just \r) is no record.
      let p = pos;
      if (v[p] === CR) p++;
      if (p >= end || v[p] === NL) {
        pos = p + 1;
        continue;
      }
      if (this.cols === null) {
        this.names = [];
        const next = this.scanRecord(v, pos, end, last);
        if (next < 0) {
          this.lineNo = lines;
          return at;
        }
        this.cols = this.names.map((n) => this.t.get(n));
        pos = next;
        continue;
      }
      if (this.rows >= this.t.capacity) this.t.grow(this.rows + 1);
      this.field = 0;
      const next = this.scanRecord(v, pos, end, last);
      if (next < 0) {
        // Cut inside a quoted field: this record is read again, whole, with the next feed.
        this.lineNo = lines;
        return at;
      }
      if (this.field !== this.cols.length)
        throw new InputError(recMsg.width(this.source, this.recLine, this.field, this.cols.length));
      this.rows++;
      pos = next;
    }
    return Math.min(pos, end);
  }

  done(): Columns {
    return this.t.done(this.rows);
  }

  private fail(why: string): InputError {
    return new InputError(recMsg.badLine(this.source, this.recLine, why));
  }

  /**
   * Split the record at `pos` into fields and take each; returns where the next record starts,
   * or -1 when a quoted field runs past `end` and more is to come.
   */
  private scanRecord(v: Buffer, pos: number, end: number, last: boolean): number {
    const sep = this.sep;
    let p = pos;
    for (;;) {
      let c = v[p];
      if (c === QUOTE) {
        const s = p + 1;
        let q = s;
        let escaped = false;
        for (;;) {
          if (q >= end) {
            if (!last) return -1;
            throw this.fail(CSV_PROBLEM.neverClosed);
          }
          c = v[q];
          if (c === QUOTE) {
            if (v[q + 1] !== QUOTE) break;
            escaped = true;
            q += 2;
          } else {
            if (c === NL) this.lineNo++;
            q++;
          }
        }
        p = q + 1;
        c = v[p];
        const lineEnd = p >= end || c === NL || (c === CR && (p + 1 >= end || v[p + 1] === NL));
        if (c !== sep && !lineEnd) throw this.fail(CSV_PROBLEM.afterQuote);
        this.take(v, s, q, escaped);
      } else {
        const s = p;
        while (p < end && c !== sep && c !== NL) {
          if (c === QUOTE) throw this.fail(CSV_PROBLEM.quoteInside);
          c = v[++p];
        }
        // The line's trailing \r is not part of its last field.
        this.take(v, s, c !== sep && p > s && v[p - 1] === CR ? p - 1 : p, false);
      }
      if (p < end && v[p] === sep) {
        p++;
        continue;
      }
      while (p < end && v[p] !== NL) p++;
      return p + 1;
    }
  }

  // The header's names, or the record's next column: v[s, e), quotes removed; escaped: it has
  // doubled quotes to undo.
  private take(v: Buffer, s: number, e: number, escaped: boolean): void {
    const cols = this.cols;
    if (cols === null) {
      const text = decodeRange(v, s, e);
      this.names.push(escaped ? text.replaceAll('""', '"') : text);
      return;
    }
    const j = this.field++;
    const bd = j < cols.length ? cols[j] : null;
    if (bd !== null && e > s) this.store(bd, this.rows, v, s, e, escaped);
  }

  private store(bd: Builder, row: number, v: Buffer, s: number, e: number, escaped: boolean) {
    const c = v[s];
    const numberLike = (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46;
    if (!escaped && !numberLike) {
      if (bd.num !== null) bd.toCat();
      (bd.codes as Int32Array)[row] = bd.codeOfBytes(v, s, e, hashBytes(v, s, e));
      return;
    }
    let x = escaped ? Number.NaN : decimal(v, s, e);
    if (Number.isNaN(x)) {
      // Anything else `+s` reads as a finite number ("1e5", "0x1f", ".5", "1 ") is one too.
      const text = escaped ? decodeRange(v, s, e).replaceAll('""', '"') : decodeRange(v, s, e);
      x = numeric(text);
      if (Number.isNaN(x)) {
        bd.setStr(row, text);
        return;
      }
    }
    if (bd.num !== null) bd.num[row] = x;
    else bd.setNum(row, x);
  }
}

/** The CSV (sep ",") or TSV (sep "\t") scanner. */
export function csvScanner(source: string, tsv: boolean, only?: Set<string>): ScannerFor {
  return (rows) => new CsvScanner(source, rows, tsv ? 9 : 44, only);
}
