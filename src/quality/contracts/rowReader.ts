import { closeSync, openSync, readSync } from "node:fs";
import { decode } from "../../data/decode.js";
import { parseCsv } from "../../records/csv.js";
import { readJson } from "../../records/exactJson.js";
import type { TableFormat } from "./types.js";

/** Where the rows of a table go, in order. */
export interface RowSink {
  /** A CSV/TSV row: its cells and its text (the header comes first, as a row). */
  csvRow(cells: string[], text: string): void;
  /**
   * A CSV/TSV row without quotes, read in place: text[start, end) (the line end left out). A
   * sink without it gets csvRow(the line split at the delimiter, the line).
   */
  csvPlain?(text: string, start: number, end: number): void;
  /** A JSON Lines line: its value (undefined for a blank line) and its text. */
  jsonRow(value: unknown, text: string): void;
  /** The text cannot be read past here (an unclosed quote, invalid JSON). */
  sourceError(message: string): void;
}

// Rows are parsed a slice at a time so memory holds one slice's rows, not the file's.
const SLICE = 1 << 20;
const NEVER_CLOSED = "a quoted field is never closed";

/**
 * Streams the rows of a CSV, TSV or JSON Lines text pushed in pieces of any size (RFC 4180
 * quoting through records/csv.ts, numbers exact through records/exactJson.ts).
 */
export class RowReader {
  private buf = "";
  private first = true;
  private stopped = false;
  constructor(
    private readonly format: TableFormat,
    private readonly sink: RowSink,
  ) {}

  /** More text; rows that are complete go to the sink now. */
  push(text: string): void {
    this.buf += this.first ? text.replace(/^\uFEFF/, "") : text;
    this.first = false;
    this.drain(false);
  }

  /** The end of the text. */
  end(): void {
    this.drain(true);
  }

  private drain(final: boolean): void {
    const buf = this.buf;
    let pos = 0;
    let span = SLICE;
    while (pos < buf.length && !this.stopped) {
      let end = pos + span >= buf.length ? buf.length : buf.lastIndexOf("\n", pos + span) + 1;
      if (end <= pos) end = buf.indexOf("\n", pos + span) + 1 || buf.length;
      if (end === buf.length && !final) {
        end = buf.lastIndexOf("\n") + 1;
        if (end <= pos) break;
      }
      const used = this.piece(buf.slice(pos, end), final && end === buf.length);
      if (used === 0) {
        // A quoted field runs past this slice: take a longer one, or wait for more text (a
        // slice already cut at the last line end cannot grow: looping on it would never end).
        if (end === buf.length || (!final && end === buf.lastIndexOf("\n") + 1)) break;
        span *= 2;
        continue;
      }
      pos += used;
      span = SLICE;
    }
    this.buf = buf.slice(pos);
  }

  // Rows of a piece that ends at a line end (or the text's end); returns the characters used.
  private piece(text: string, last: boolean): number {
    if (this.format === "jsonl") {
      let start = 0;
      while (start < text.length) {
        const nl = text.indexOf("\n", start);
        const stop = nl === -1 ? text.length : nl;
        const line =
          text.charCodeAt(stop - 1) === 13 ? text.slice(start, stop - 1) : text.slice(start, stop);
        start = stop + 1;
        if (line.trim() === "") {
          this.sink.jsonRow(undefined, line);
          continue;
        }
        let v: unknown;
        try {
          v = readJson(line);
        } catch (e) {
          v = new JsonLineError((e as Error).message);
        }
        this.sink.jsonRow(v, line);
      }
      return text.length;
    }
    const delim = this.format === "tsv" ? "\t" : ",";
    // Rows without a quote (most) go out in place; from the first row with one, the rest of
    // the piece goes through the exact RFC 4180 reader.
    const sink = this.sink;
    const n = text.length;
    let i = 0;
    let q = text.indexOf('"');
    while (i < n && !this.stopped) {
      const nl = text.indexOf("\n", i);
      const end = nl === -1 ? n : nl;
      if (q !== -1 && q < i) q = text.indexOf('"', i);
      if (q !== -1 && q < end) break;
      const stop = end > i && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (sink.csvPlain) sink.csvPlain(text, i, stop);
      else {
        const body = text.slice(i, stop);
        sink.csvRow(body.split(delim), body);
      }
      i = nl === -1 ? n : nl + 1;
    }
    if (i >= n || this.stopped) return n;
    return i + this.exact(i === 0 ? text : text.slice(i), delim, last);
  }

  // The rows of a text through records/csv.ts; returns the characters used.
  private exact(text: string, delim: string, last: boolean): number {
    const { rows, problem } = parseCsv(text, delim);
    let used = 0;
    for (const r of rows) {
      this.sink.csvRow(r.fields, r.body);
      used += r.body.length + r.eol.length;
    }
    if (problem) {
      if (problem.message.startsWith(NEVER_CLOSED) && !last) return used;
      this.stopped = true;
      this.sink.sourceError(problem.message);
      return text.length;
    }
    return used;
  }
}

/** A JSON Lines line that is not valid JSON. */
export class JsonLineError {
  constructor(readonly message: string) {}
}

/** Push a file's text through a reader a few MiB at a time (cut at line ends, so UTF-8 stays whole). */
export function readFileInto(path: string, reader: RowReader): void {
  const fd = openSync(path, "r");
  try {
    // One buffer for the whole file: the tail of a read (after its last line end) moves to the
    // front and the next read fills in after it; it doubles only for a line longer than itself.
    let buf = Buffer.allocUnsafe(4 << 20);
    let have = 0;
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, buf.length - have, null);
      if (n === 0) break;
      have += n;
      const cut = buf.lastIndexOf(10, have - 1) + 1;
      if (cut === 0) continue;
      reader.push(decode(buf.subarray(0, cut)));
      buf.copy(buf, 0, cut, have);
      have -= cut;
    }
    if (have) reader.push(decode(buf.subarray(0, have)));
    reader.end();
  } finally {
    closeSync(fd);
  }
}
