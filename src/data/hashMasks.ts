/**
 * A map from non-negative 53-bit integers (id hashes) to bit masks, open addressing over two
 * typed arrays as HashSet53 does: 12 bytes a slot, at most 70% full, no boxed numbers, no
 * strings (a Map of 10 million id strings takes gigabytes; this 17-34 bytes an id).
 */
export class HashMasks {
  private keys: Float64Array;
  private vals: Uint32Array;
  private mask: number;
  private count = 0;
  constructor(expected = 16) {
    let cap = 16;
    while (cap * 0.7 < expected) cap *= 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.vals = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** How many keys are held. */
  get size(): number {
    return this.count;
  }

  /** OR `bits` into h's mask (adding h with `bits` when absent). */
  or(h: number, bits: number): void {
    if (this.count >= this.keys.length * 0.7) this.grow();
    const i = this.slot(h);
    if (this.keys[i] === -1) {
      this.keys[i] = h;
      this.count++;
    }
    this.vals[i] |= bits;
  }

  /** h's mask, 0 when absent. */
  get(h: number): number {
    const i = this.slot(h);
    return this.keys[i] === -1 ? 0 : this.vals[i];
  }

  /** Call f for every key with its mask (in table order). */
  forEach(f: (h: number, bits: number) => void): void {
    const { keys, vals } = this;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) f(keys[i], vals[i]);
  }

  private slot(h: number): number {
    const t = this.keys;
    let i = (h >>> 0) & this.mask;
    while (t[i] !== -1 && t[i] !== h) i = (i + 1) & this.mask;
    return i;
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.vals = new Uint32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.or(keys[i], vals[i]);
  }
}

/** A growing list of 53-bit hashes in one Float64Array (8 bytes an id, no boxing). */
export class HashList {
  private data = new Float64Array(1024);
  length = 0;

  /** Append the hashes. */
  push(hs: ArrayLike<number>): void {
    if (this.length + hs.length > this.data.length) {
      let cap = this.data.length;
      while (cap < this.length + hs.length) cap *= 2;
      const grown = new Float64Array(cap);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    for (let i = 0; i < hs.length; i++) this.data[this.length + i] = hs[i];
    this.length += hs.length;
  }

  /** The hashes, trimmed to their length (a copy, so the spare capacity is freed). */
  done(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
