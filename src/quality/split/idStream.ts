import { decode } from "../../data/decode.js";
import type { DataFormat } from "../../data/format.js";
import { hash53 } from "../../data/hash.js";
import { HashList } from "../../data/hashMasks.js";
import { MlbranchError } from "../../io/errors.js";
import { recordIds } from "./recordIds.js";

/** Bytes read before the records in them are parsed (a record is never split between pieces). */
export const ID_PIECE = 4 << 20;
const PREFIX = "split-rule\u0000";

/** The 53-bit hash the split rule keeps for an id (what recordIds yields with its salt). */
export const idHash = (id: string): number => hash53(PREFIX, 0, id);

/**
 * Reads a split file's record ids from its bytes fed in order, as recordIds reads the whole
 * text (same ids, same errors and line numbers), holding one piece of about ID_PIECE bytes and
 * the ids' hashes (8 bytes each), never the file. Pieces end after a newline outside CSV quotes;
 * a CSV piece is read with the header line before it. `cuts` are byte offsets (old versions'
 * sizes) where a piece is made to end: `marks` gives, for each that is a record boundary, how
 * many ids come before it. With `onId`, ids are handed over as strings instead of hashed.
 */
export class IdStream {
  readonly marks = new Map<number, number>();
  /** The first error (as recordIds throws it); nothing after it is read. */
  error: MlbranchError | null = null;
  // The unread bytes, at the front of one buffer reused for the whole file (no allocation per
  // piece: freed Buffers are reclaimed late, and a file's worth would pile up outside the heap).
  private space: Buffer | null = null;
  private held = 0;
  private offset = 0;
  private lines = 0;
  private count = 0;
  private header: string | null = null;
  private readonly hashes = new HashList();
  private readonly cuts: number[];

  constructor(
    private readonly format: DataFormat,
    private readonly key: string[],
    private readonly source: string,
    cuts: number[] = [],
    private readonly onId?: (id: string, index: number) => void,
    /** Bytes gathered before a piece is read (smaller in tests, to cut everywhere). */
    private readonly piece = ID_PIECE,
  ) {
    this.cuts = [...new Set(cuts)].filter((n) => n > 0).sort((a, b) => a - b);
  }

  /** The next bytes of the file (copied: the caller may reuse its buffer). */
  push(chunk: Buffer): void {
    if (this.error) return;
    const need = this.held + chunk.length;
    if (!this.space || need > this.space.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(need, this.piece + (1 << 20)));
      this.space?.copy(grown, 0, 0, this.held);
      this.space = grown;
    }
    chunk.copy(this.space, this.held);
    this.held = need;
    if (this.held >= this.piece) this.drain(false);
  }

  /** The end of the file: the ids' hashes in file order (empty with onId). */
  end(): HashList {
    if (!this.error && this.space) this.drain(true);
    this.space = null;
    return this.hashes;
  }

  private drain(final: boolean): void {
    const buf = this.space!.subarray(0, this.held);
    const { last, boundary } = this.scan(buf);
    const stop = final ? buf.length : last;
    const base = this.offset;
    let from = 0;
    while (this.cuts.length && this.cuts[0] - base <= stop) {
      const at = this.cuts.shift()! - base;
      if (at < from || !boundary(at)) continue;
      this.read(buf.subarray(from, at));
      from = at;
      if (!this.error) this.marks.set(base + at, this.count);
    }
    if (stop > from) this.read(buf.subarray(from, stop));
    // The unfinished record moves to the front; a piece is never read across a partial record.
    buf.copy(this.space!, 0, stop);
    this.held = buf.length - stop;
  }

  // Where the last complete record of buf ends, and a test for "a record ends at i": after a
  // newline, outside quotes in a CSV (a quoted field may hold newlines, RFC 4180).
  private scan(buf: Buffer): { last: number; boundary: (i: number) => boolean } {
    const csv = this.format !== "jsonl";
    if (!csv || buf.indexOf(34) < 0)
      return { last: buf.lastIndexOf(10) + 1, boundary: (i) => i === 0 || buf[i - 1] === 10 };
    const ends = new Set<number>([0]);
    let last = 0;
    let quoted = false;
    let q = buf.indexOf(34);
    for (let i = 0; i < buf.length; ) {
      if (quoted) {
        if (q < 0) break;
        quoted = false;
        i = q + 1;
        q = buf.indexOf(34, i);
        continue;
      }
      const nl = buf.indexOf(10, i);
      if (nl >= 0 && (q < 0 || nl < q)) {
        last = nl + 1;
        ends.add(last);
        i = last;
      } else if (q >= 0) {
        quoted = true;
        i = q + 1;
        q = buf.indexOf(34, i);
      } else break;
    }
    return { last, boundary: (i) => ends.has(i) };
  }

  private read(bytes: Buffer): void {
    if (!bytes.length || this.error) return;
    const text = decode(bytes);
    const csv = this.format !== "jsonl";
    const first = csv && this.header === null;
    // A later CSV piece is read under its header: the piece's first line is line 2 there.
    const full = csv && !first ? `${this.header}\n${text}` : text;
    const base = csv && !first ? this.lines - 1 : this.lines;
    try {
      const salt = this.onId ? undefined : "split-rule";
      const r = recordIds(full, this.format, this.key, this.source, salt, base);
      if (first) this.header = r.header;
      if (this.onId) for (const id of r.ids) this.onId(id, this.count++);
      else {
        this.hashes.push(r.hashes);
        this.count += r.hashes.length;
      }
    } catch (e) {
      if (!(e instanceof MlbranchError)) throw e;
      this.error = e;
    }
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) this.lines++;
    this.offset += bytes.length;
  }
}
