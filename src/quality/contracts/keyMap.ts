import { hash53 } from "../../data/hash.js";

/**
 * Keys seen so far, each as two independent 53-bit hashes (106 bits: a false "duplicate" among
 * a billion keys has odds near 1e-14) with the row that first held it. Memory is three doubles
 * per slot, whatever the keys' length: a million keys take ~48 MiB, not the keys' text.
 */
export class KeyMap {
  private a: Float64Array;
  private b: Float64Array;
  private rows: Float64Array;
  private mask: number;
  private size = 0;
  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.a = new Float64Array(cap).fill(-1);
    this.b = new Float64Array(cap);
    this.rows = new Float64Array(cap);
    this.mask = cap - 1;
  }

  /** Add key (first seen at row); the earlier row when the key was already there, else 0. */
  add(key: string, row: number): number {
    return this.addHashed(hash53(key, 0), hash53(key, 0x9e3779b9), row);
  }

  /** The row that holds key, or 0. */
  get(key: string): number {
    const h1 = hash53(key, 0);
    const h2 = hash53(key, 0x9e3779b9);
    let i = (h1 >>> 0) & this.mask;
    for (;;) {
      const v = this.a[i];
      if (v === -1) return 0;
      if (v === h1 && this.b[i] === h2) return this.rows[i];
      i = (i + 1) & this.mask;
    }
  }

  private addHashed(h1: number, h2: number, row: number): number {
    if (this.size * 2 >= this.a.length) this.grow();
    let i = (h1 >>> 0) & this.mask;
    for (;;) {
      const v = this.a[i];
      if (v === -1) {
        this.a[i] = h1;
        this.b[i] = h2;
        this.rows[i] = row;
        this.size++;
        return 0;
      }
      if (v === h1 && this.b[i] === h2) return this.rows[i];
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { a, b, rows } = this;
    this.a = new Float64Array(a.length * 2).fill(-1);
    this.b = new Float64Array(a.length * 2);
    this.rows = new Float64Array(a.length * 2);
    this.mask = this.a.length - 1;
    this.size = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== -1) this.addHashed(a[i], b[i], rows[i]);
  }
}
