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

const BLOCK = 1 << 16;

/**
 * A growing list of 53-bit hashes in blocks of 64Ki Float64 (8 bytes an id, no boxing): growing
 * never copies the list, so a long file's ids take their own size and no transient double.
 */
export class HashList {
  private readonly blocks: Float64Array[] = [];
  length = 0;

  /** Append the hashes. */
  push(hs: ArrayLike<number>): void {
    for (let i = 0; i < hs.length; i++) {
      const at = this.length & (BLOCK - 1);
      if (at === 0) this.blocks.push(new Float64Array(BLOCK));
      this.blocks[this.blocks.length - 1][at] = hs[i];
      this.length++;
    }
  }

  /** The i-th hash. */
  at(i: number): number {
    return this.blocks[i >>> 16][i & (BLOCK - 1)];
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.blocks.length * BLOCK * 8;
  }
}
