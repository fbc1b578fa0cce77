import { closeSync, openSync, readSync } from "node:fs";
import { type ByteWindow, bufferWindow } from "../../io/readWindow.js";

// Images make a notebook big: base64 strings of 100 KB or more in cells' outputs and attachments,
// which a merge only compares and copies. Parsing, holding and re-serialising them was most of
// the driver's time and memory, so they are set aside before JSON.parse: each becomes a short
// token string, equal tokens for equal bytes, and the merged text gets the original bytes back.
//
// Exactness (the result is byte for byte what a merge of the real strings writes): only string
// values in cells' outputs/attachments are set aside, and only when their raw text is "plain"
// (printable ASCII other than `"` and `\`, with `\n` as the only escape). That spelling is the
// one JSON.stringify writes for such a value, so equal bytes mean equal values and the bytes are
// what the writer would print. Every string there whose raw text is at least MIN bytes must be
// plain and decode to at least MIN characters, or the caller parses the whole text as before:
// then a string set aside can never equal one left in place (that one decodes to fewer).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const TOKEN = "\\u0000mlb:";
/** Strings shorter than this stay in the text (it is the decoded length, and the raw one). */
export const MIN_BIG = 4096;

// Where a big string's bytes are: in memory, or (the common case) in a version's file, read
// again when compared and when written, so that a 50 MB notebook's images are not held twice.
type Where = Buffer | { file: string; offset: number; length: number };

/** The big strings of the three versions, interned: equal bytes get one token. */
export class BigStrings {
  private readonly bodies: Where[] = [];
  private readonly index = new Map<string, number[]>();
  private readonly fds = new Map<string, number>();
  private scratch = Buffer.alloc(0);
  /** The file the bytes now shrunk are (offset 0 on), or null: they are then copied. */
  source: string | null = null;

  /** The bytes of string `id`; a file's are read into a buffer reused by the next call. */
  bytes(id: number): Buffer {
    const w = this.bodies[id];
    if (Buffer.isBuffer(w)) return w;
    if (this.scratch.length < w.length) this.scratch = Buffer.allocUnsafeSlow(w.length);
    let fd = this.fds.get(w.file);
    if (fd === undefined) {
      fd = openSync(w.file, "r");
      this.fds.set(w.file, fd);
    }
    let got = 0;
    while (got < w.length) {
      const n = readSync(fd, this.scratch, got, w.length - got, w.offset + got);
      if (n === 0) throw new Error(`${w.file} changed during the merge`);
      got += n;
    }
    return this.scratch.subarray(0, w.length);
  }

  /** The id of the bytes at `offset` of what is shrunk, the same for equal bytes. */
  intern(body: Buffer, offset: number): number {
    const key = `${body.length}:${body.toString("latin1", 0, 32)}:${body.toString("latin1", body.length - 32)}`;
    const ids = this.index.get(key);
    if (ids) for (const id of ids) if (this.bytes(id).equals(body)) return id;
    const id = this.bodies.length;
    this.bodies.push(
      this.source ? { file: this.source, offset, length: body.length } : Buffer.from(body),
    );
    if (ids) ids.push(id);
    else this.index.set(key, [id]);
    return id;
  }

  /** Close the files it read. */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

// The closing quote of the string whose body starts at `s`, its escapes, and whether they are
// all \n; null when it runs off the end of `buf`, false when it spells a token out. Found
// natively from escape to escape: an image's base64 ends with one \n, and walking it byte by
// byte in JS cost seconds.
function stringEnd(
  buf: Buffer,
  s: number,
): { end: number; escapes: number; onlyNl: boolean } | null | false {
  let escapes = 0;
  let onlyNl = true;
  let q = buf.indexOf(QUOTE, s);
  for (let e = buf.indexOf(BACKSLASH, s); q >= 0; e = buf.indexOf(BACKSLASH, e + 2)) {
    if (e < 0 || e > q) return { end: q, escapes, onlyNl };
    escapes++;
    const x = buf[e + 1];
    if (x !== 0x6e) onlyNl = false;
    // (A token has no quote: when it is cut by the end of `buf`, so is the string.)
    if (x === 0x75 && buf.toString("latin1", e, e + TOKEN.length) === TOKEN) return false;
    // An escaped quote is not the end: the next one may be.
    if (e + 1 === q) q = buf.indexOf(QUOTE, e + 2);
  }
  return null;
}

// True when a body is printable ASCII (DEL too: JSON.stringify writes it as is).
function printable(u: Uint8Array, s: number, e: number): boolean {
  for (let j = s; j < e; j++) if (u[j] < 0x20 || u[j] > 0x7f) return false;
  return true;
}

// Where the JSON between strings is: its depth, whether each level is an object, the key each
// level is under, and whether the next string is a key.
interface Nesting {
  depth: number;
  expectKey: boolean;
  isObj: boolean[];
  keyAt: string[];
}

// Walk the structure from `i` to the next string (or `n`), returning where it stopped. Its own
// small function so that this per-byte loop, not the whole scanner, is what V8 optimises: an
// optimising compile of shrinkNotebook whole cost 50-120 ms and several MiB of peak memory.
function walk(u: Uint8Array, i: number, n: number, st: Nesting): number {
  for (; i < n; i++) {
    const c = u[i];
    if (c === QUOTE) break;
    if (c === 0x7b || c === 0x5b) {
      st.depth++;
      st.isObj[st.depth] = c === 0x7b;
      st.keyAt[st.depth] = "";
      st.expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      st.depth--;
      st.expectKey = false;
    } else if (c === 0x2c) st.expectKey = st.isObj[st.depth] === true;
    else if (c === 0x3a) st.expectKey = false;
  }
  return i;
}

/**
 * The text of a notebook with its big output strings replaced by tokens, or null when the
 * bytes are not ones this can handle exactly (the caller then parses the whole text). A file's
 * bytes come through a window (io/readWindow.ts), so a big notebook is never in memory whole:
 * the window slides to the start of a string that it cuts, so every string is seen whole.
 */
export function shrinkNotebook(
  bytes: Buffer | ByteWindow,
  big: BigStrings,
  min = MIN_BIG,
): string | null {
  const w = Buffer.isBuffer(bytes) ? bufferWindow(bytes) : bytes;
  let buf = w.buf;
  let u = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  let n = u.length;
  const parts: string[] = [];
  const st: Nesting = { depth: 0, expectKey: false, isObj: [], keyAt: [] };
  const { isObj, keyAt } = st;
  let last = 0;
  let nextEscape = -1;
  let i = 0;
  // The window from `buf[from]` on, at least `atLeast` bytes; false at the end of the bytes.
  const slide = (from: number, atLeast: number): boolean => {
    const head = buf.toString("utf8", last, from);
    if (!w.slide(from, atLeast)) return false;
    parts.push(head);
    buf = w.buf;
    u = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    n = u.length;
    i -= from;
    last = 0;
    nextEscape = -1;
    return true;
  };
  for (;;) {
    if (i >= n) {
      // Cut outside a string: only a byte of a character JSON would refuse could be split.
      if (i > 0 && u[i - 1] > 0x7f) return null;
      if (slide(i, 1)) continue;
      break;
    }
    if (u[i] !== QUOTE) {
      i = walk(u, i, n, st);
      continue;
    }
    // A string: its end found natively, unless a backslash comes first.
    const s = i + 1;
    let j = buf.indexOf(QUOTE, s);
    if (j >= 0 && nextEscape < s && nextEscape !== n) {
      nextEscape = buf.indexOf(BACKSLASH, s);
      if (nextEscape < 0) nextEscape = n;
    }
    let escapes = 0;
    let onlyNl = true;
    if (j >= 0 && nextEscape < j) {
      const r = stringEnd(buf, s);
      if (r === false) return null;
      if (r) ({ end: j, escapes, onlyNl } = r);
      else j = -1;
    }
    if (j < 0) {
      // Cut by the window: slid to the string, twice as long; or it runs off the end.
      if (slide(i, 2 * (n - i))) continue;
      return null;
    }
    if (st.expectKey) {
      // A key spelt with escapes could be "outputs" in disguise: not worth the risk.
      if (escapes) return null;
      keyAt[st.depth] = buf.toString("latin1", s, j);
    } else if (
      j - s >= min &&
      st.depth >= 4 &&
      keyAt[1] === "cells" &&
      isObj[1] &&
      !isObj[2] &&
      isObj[3] &&
      (keyAt[3] === "outputs" || keyAt[3] === "attachments")
    ) {
      if (!onlyNl || j - s - escapes < min || !printable(u, s, j)) return null;
      parts.push(
        buf.toString("utf8", last, s - 1),
        `"${TOKEN}${big.intern(buf.subarray(s, j), w.base + s)}"`,
      );
      last = j + 1;
    }
    st.expectKey = false;
    i = j + 1;
  }
  parts.push(buf.toString("utf8", last, n));
  return parts.join("");
}

// JSON.stringify writes a token as `"\u0000mlb:<id>"`.
const TOKEN_OUT = /"\\u0000mlb:(\d+)"/g;

/**
 * The written text with each token's original string put back, as chunks to write in order
 * (each yielded chunk is valid until the next is asked for).
 */
export function* expandNotebook(text: string, big: BigStrings): Generator<string | Buffer> {
  let last = 0;
  for (const m of text.matchAll(TOKEN_OUT)) {
    yield text.slice(last, m.index + 1);
    yield big.bytes(Number(m[1]));
    last = m.index + m[0].length - 1;
  }
  yield text.slice(last);
}
