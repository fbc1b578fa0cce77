import { decodeRange } from "../../data/decode.js";
import type { Column, Columns } from "./columnTypes.js";

// Categories cached by their UTF-8 bytes, so a byte scanner finds a code without making a string.
// Past this many distinct values a column is id-like; its bytes go the plain way (decode + Map).
const BYTE_CACHE_MAX = 1 << 16;

function sameBytes(b: Uint8Array, s: number, e: number, k: Uint8Array): boolean {
  if (k.length !== e - s) return false;
  for (let i = 0; i < k.length; i++) if (b[s + i] !== k[i]) return false;
  return true;
}

/** Grows a column, switching from numeric to categorical the first time a string appears. */
export class Builder {
  num: Float64Array | null;
  codes: Int32Array | null = null;
  dict: string[] = [];
  index = new Map<string, number>();
  // Open-addressing table of cache entries (slot -> entry + 1, 0: empty); an entry is a text's
  // bytes (to confirm a hit) and its code.
  private slots: Int32Array | null = null;
  private cacheBytes: Uint8Array[] = [];
  private cacheCode: number[] = [];
  constructor(rows: number) {
    this.num = new Float64Array(rows).fill(Number.NaN);
  }
  /** Make room for `rows` rows; the new rows are missing. */
  grow(rows: number): void {
    if (this.num) {
      const a = new Float64Array(rows).fill(Number.NaN, this.num.length);
      a.set(this.num);
      this.num = a;
    } else {
      const old = this.codes as Int32Array;
      const a = new Int32Array(rows).fill(-1, old.length);
      a.set(old);
      this.codes = a;
    }
  }
  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.index.set(s, c);
    }
    return c;
  }
  /** The code of the UTF-8 text b[s, e), whose hashBytes is h (decoded only on a miss). */
  codeOfBytes(b: Buffer, s: number, e: number, h: number): number {
    let t = this.slots;
    if (t === null) {
      if (this.dict.length >= BYTE_CACHE_MAX) return this.code(decodeRange(b, s, e));
      t = this.slots = new Int32Array(256);
    }
    const mask = t.length - 1;
    let i = h & mask;
    for (let k = t[i]; k !== 0; k = t[i]) {
      if (sameBytes(b, s, e, this.cacheBytes[k - 1])) return this.cacheCode[k - 1];
      i = (i + 1) & mask;
    }
    const code = this.code(decodeRange(b, s, e));
    const n = this.cacheBytes.length;
    if (n >= BYTE_CACHE_MAX) {
      this.slots = null;
      this.cacheBytes = [];
      this.cacheCode = [];
      return code;
    }
    this.cacheBytes.push(new Uint8Array(b.subarray(s, e)));
    this.cacheCode.push(code);
    t[i] = n + 1;
    if (2 * (n + 1) > t.length) this.rehash(t.length * 2);
    return code;
  }
  private rehash(size: number): void {
    const t = new Int32Array(size);
    const mask = size - 1;
    this.cacheBytes.forEach((k, n) => {
      let i = hashBytes(k, 0, k.length) & mask;
      while (t[i] !== 0) i = (i + 1) & mask;
      t[i] = n + 1;
    });
    this.slots = t;
  }
  toCat(): void {
    const num = this.num as Float64Array;
    const codes = new Int32Array(num.length).fill(-1);
    for (let i = 0; i < num.length; i++)
      if (!Number.isNaN(num[i])) codes[i] = this.code(String(num[i]));
    this.codes = codes;
    this.num = null;
  }
  setNum(row: number, v: number): void {
    if (this.num) this.num[row] = v;
    else (this.codes as Int32Array)[row] = this.code(String(v));
  }
  setStr(row: number, s: string): void {
    if (this.num) this.toCat();
    (this.codes as Int32Array)[row] = this.code(s);
  }
  /** Store any JSON value: numbers stay numbers, everything else becomes a category. */
  setValue(row: number, v: unknown): void {
    if (typeof v === "number") this.setNum(row, v);
    else if (typeof v === "string") this.setStr(row, v);
    else if (v !== null && v !== undefined)
      this.setStr(row, typeof v === "boolean" ? String(v) : JSON.stringify(v));
  }
  done(rows: number): Column {
    return this.num
      ? { kind: "num", values: this.num.subarray(0, rows) }
      : { kind: "cat", codes: (this.codes as Int32Array).subarray(0, rows), dict: this.dict };
  }
}

/** FNV-1a over b[s, e): the hash codeOfBytes expects. */
export function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h;
}

/** Builders by column name, created on first sight, kept in first-seen order. */
export class TableBuilder {
  readonly builders = new Map<string, Builder>();
  readonly names: string[] = [];
  constructor(
    public capacity: number,
    private readonly only?: Set<string>,
  ) {}
  /** The column's builder, or null when `only` leaves it out. */
  get(name: string): Builder | null {
    let b = this.builders.get(name);
    if (!b) {
      if (this.only && !this.only.has(name)) return null;
      b = new Builder(this.capacity);
      this.builders.set(name, b);
      this.names.push(name);
    }
    return b;
  }
  /** Make room for at least `rows` rows in every column. */
  grow(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = Math.max(rows, Math.ceil(this.capacity * 1.5));
    for (const b of this.builders.values()) b.grow(this.capacity);
  }
  done(rows: number): Columns {
    const cols = new Map<string, Column>();
    for (const n of this.names) cols.set(n, (this.builders.get(n) as Builder).done(rows));
    return { rows, names: this.names, cols };
  }
}
