import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { Columns } from "./columnTypes.js";

/** Scans a table's lines into columns; feed it whole lines, in order. */
export interface LineScanner {
  /**
   * Scan the lines in b[start, end): every one ends with a newline except, when `last`, the
   * final one. Returns the offset after the last line scanned.
   */
  feed(b: Buffer, start: number, end: number, last: boolean): number;
  /** The columns read so far. */
  done(): Columns;
}

/** Makes the scanner for a table expected to have about `rows` rows. */
export type ScannerFor = (rows: number) => LineScanner;

/** How much of a table is in memory at once. */
export const CHUNK = 8 << 20;

// Rows to allocate for: lines in the first MiB, scaled to the whole size, plus a margin.
function estimateRows(b: Uint8Array, end: number, size: number): number {
  const probe = Math.min(end, 1 << 20);
  let lines = 1;
  for (let i = b.indexOf(10); i >= 0 && i < probe; i = b.indexOf(10, i + 1)) lines++;
  return Math.ceil(((lines * size) / Math.max(1, probe)) * 1.05) + 16;
}

/** Bytes (all of a table) to columns. */
export function scanBytes(input: Uint8Array, make: ScannerFor): Columns {
  const b = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const s = make(estimateRows(b, b.length, b.length));
  s.feed(b, 0, b.length, true);
  return s.done();
}

/**
 * Feeds a scanner whole lines out of chunks of any size, through one reused buffer (so a table
 * is never in memory whole). Fill `buf` from `filled` and call flush, or push chunks.
 */
export class ChunkFeeder {
  buf: Buffer;
  filled = 0;
  private scanner: LineScanner | null = null;
  constructor(
    private readonly make: ScannerFor,
    private readonly sizeHint: number,
    chunk = CHUNK,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunk, sizeHint || chunk)));
  }
  /** Scan the whole lines buffered (every line when eof) and keep the rest for later. */
  flush(eof: boolean): void {
    const b = this.buf;
    this.scanner ??= this.make(estimateRows(b, this.filled, this.sizeHint));
    const cut = eof ? this.filled : b.lastIndexOf(10, this.filled - 1) + 1;
    const used = cut ? this.scanner.feed(b, 0, cut, eof) : 0;
    b.copy(b, 0, used, this.filled);
    this.filled -= used;
    if (this.filled === b.length) {
      // One line longer than the buffer: make room for it.
      this.buf = Buffer.allocUnsafe(b.length * 2);
      b.copy(this.buf, 0, 0, this.filled);
    }
  }
  /** Copy a chunk in, scanning whenever the buffer fills. */
  push(chunk: Uint8Array): void {
    for (let off = 0; off < chunk.length; ) {
      const n = Math.min(chunk.length - off, this.buf.length - this.filled);
      this.buf.set(chunk.subarray(off, off + n), this.filled);
      this.filled += n;
      off += n;
      if (this.filled === this.buf.length) this.flush(false);
    }
  }
  /** Scan what is left; the columns. */
  end(): Columns {
    this.flush(true);
    return (this.scanner as LineScanner).done();
  }
}

/** A file to columns, read in chunks (never the whole file in memory at once). */
export function scanFile(file: string, make: ScannerFor, chunk = CHUNK): Columns {
  const fd = openSync(file, "r");
  try {
    const f = new ChunkFeeder(make, fstatSync(fd).size, chunk);
    for (;;) {
      const n = readSync(fd, f.buf, f.filled, f.buf.length - f.filled, null);
      if (n === 0) break;
      f.filled += n;
      if (f.filled === f.buf.length) f.flush(false);
    }
    return f.end();
  } finally {
    closeSync(fd);
  }
}
