import { finish53 } from "../../data/hash.js";

/** A KeyMap's table and key range (KeyMap.slots), as sent between threads. */
export interface KeySummary {
  slots: Float64Array;
  lo: number;
  hi: number;
  texts: number;
}

/**
 * Keys seen so far, each as two independent 53-bit hashes (106 bits: a false "duplicate" among
 * a billion keys has odds near 1e-14) with the row that first held it and a tag (the row's own
 * hash, for primary keys). Memory is four doubles per slot, whatever the keys' length: a million
 * keys take 64 MiB, not the keys' text. A slot's four doubles sit side by side, so a probe
 * touches one cache line; 0 marks an empty slot (a fresh array is already all zeros). An integer
 * key of up to 15 digits is its own "hashes" (its value, length and sign: exact) and picks its
 * slot by its value, so ids that come in order land side by side, as a Python set of ints does.
 */
export class KeyMap {
  private t: Float64Array;
  private mask: number;
  private size = 0;
  /** The tag of the key add() found already there. */
  foundTag = 0;
  // The smallest and largest integer key, and how many keys are not integers: two maps of
  // integer keys in ranges apart share no key, which sharesKeyWith() then knows at once.
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private texts = 0;
  constructor(expected = 16) {
    let cap = 16;
    while (cap * 0.7 < expected) cap *= 2;
    this.t = new Float64Array(cap * 4);
    this.mask = cap - 1;
  }

  /** Add key (first seen at row); the earlier row when the key was already there, else 0. */
  add(key: string, row: number, tag = 0): number {
    hashPair(key, 0, key.length);
    return this.addHashed(H1, H2, row, tag);
  }

  /** add() of text.slice(s, e), without the slice (the same hashes). */
  addRange(text: string, s: number, e: number, row: number, tag = 0): number {
    hashPair(text, s, e);
    return this.addHashed(H1, H2, row, tag);
  }

  /** The row that holds key, or 0. */
  get(key: string): number {
    return this.getRange(key, 0, key.length);
  }

  /** get() of text.slice(s, e), without the slice. */
  getRange(text: string, s: number, e: number): number {
    hashPair(text, s, e);
    const t = this.t;
    let i = (H2 >>> 0) & this.mask;
    for (;;) {
      const v = t[i * 4];
      if (v === 0) return 0;
      if (v === H1 && t[i * 4 + 1] === H2) return t[i * 4 + 2];
      i = (i + 1) & this.mask;
    }
  }

  /** The table itself (four doubles a slot, h1 0 when empty) and its key range, to send to another thread. */
  get slots(): KeySummary {
    return { slots: this.t, lo: this.lo, hi: this.hi, texts: this.texts };
  }

  /** Some key of another KeyMap (its `slots`) is also here. */
  sharesKeyWith(other: KeySummary): boolean {
    if (!this.texts && !other.texts && (other.hi < this.lo || other.lo > this.hi)) return false;
    const slots = other.slots;
    const t = this.t;
    for (let s = 0; s < slots.length; s += 4) {
      const h1 = slots[s];
      if (h1 === 0) continue;
      const h2 = slots[s + 1];
      let i = (h2 >>> 0) & this.mask;
      for (;;) {
        const v = t[i * 4];
        if (v === 0) break;
        if (v === h1 && t[i * 4 + 1] === h2) return true;
        i = (i + 1) & this.mask;
      }
    }
    return false;
  }

  private addHashed(h1: number, h2: number, row: number, tag: number): number {
    // Linear probing stays short up to 70% full (about 2 probes a hit, 6 a miss).
    if (this.size >= (this.mask + 1) * 0.7) this.grow();
    const t = this.t;
    let i = (h2 >>> 0) & this.mask;
    for (;;) {
      const s = i * 4;
      const v = t[s];
      if (v === 0) {
        t[s] = h1;
        t[s + 1] = h2;
        t[s + 2] = row;
        t[s + 3] = tag;
        this.size++;
        if (h1 >= 34) this.texts++;
        else {
          if (h2 < this.lo) this.lo = h2;
          if (h2 > this.hi) this.hi = h2;
        }
        return 0;
      }
      if (v === h1 && t[s + 1] === h2) {
        this.foundTag = t[s + 3];
        return t[s + 2];
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.t;
    this.t = new Float64Array(old.length * 2);
    this.mask = this.t.length / 4 - 1;
    this.size = 0;
    this.texts = 0;
    for (let s = 0; s < old.length; s += 4)
      if (old[s] !== 0) this.addHashed(old[s], old[s + 1], old[s + 2], old[s + 3]);
  }
}

/**
 * A 32-bit hash of a text (FNV-1a), a row's tag: it is only compared with the one row whose
 * primary key clashes, to tell a copied row from a key clash, so 32 bits are plenty.
 */
export function textHash(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) + 1;
}

// hashPair's result: two independent 53-bit hashes of the last key (no allocation per key).
let H1 = 0;
let H2 = 0;

// cyrb53 (as data/hash.ts) under two seeds, in one pass over the key: four 32-bit lanes. An
// integer key (digits, maybe a leading "-", up to 15 digits) is told apart exactly by its value,
// length and sign (they fix its leading zeros): H2 is its value, H1 = 2 + 2 * length + sign, so
// it is not hashed at all. A text key's H1 is a 53-bit hash: it falls below 34 with odds 2^-48.
// The key is s[from, to): a key read in place hashes as its slice would.
function hashPair(s: string, from: number, to: number): void {
  const n = to - from;
  if (n > 0 && n <= 15) {
    const neg = s.charCodeAt(from) === 45 && n > 1 ? 1 : 0;
    // The integer's value, digit by digit (as Number() reads it: up to 15 digits are exact).
    let value = 0;
    let i = from + neg;
    for (; i < to; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
    }
    if (i === to) {
      H1 = 2 + 2 * n + neg;
      H2 = neg ? -value : value;
      return;
    }
  }
  let a1 = 0xdeadbeef;
  let a2 = 0x41c6ce57;
  let b1 = 0xdeadbeef ^ 0x9e3779b9;
  let b2 = 0x41c6ce57 ^ 0x9e3779b9;
  for (let i = from; i < to; i++) {
    const ch = s.charCodeAt(i);
    a1 = Math.imul(a1 ^ ch, 2654435761);
    a2 = Math.imul(a2 ^ ch, 1597334677);
    b1 = Math.imul(b1 ^ ch, 2654435761);
    b2 = Math.imul(b2 ^ ch, 1597334677);
  }
  // 0 marks an empty slot and 4..33 are integers' H1: such a hash moves up (odds 2^-48; H2
  // still tells keys apart).
  const h1 = finish53(a1, a2);
  H1 = h1 < 34 ? h1 + 34 : h1;
  H2 = finish53(b1, b2);
}
