/** An open-addressing set of non-negative 53-bit integers (no boxed numbers, unlike a Set). */
export class HashSet53 {
  private table: Float64Array;
  private mask: number;
  private size = 0;
  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.table = new Float64Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** Add h; false when it was already there. */
  add(h: number): boolean {
    if (this.size * 2 >= this.table.length) this.grow();
    const t = this.table;
    let i = (h >>> 0) & this.mask;
    for (;;) {
      const v = t[i];
      if (v === -1) {
        t[i] = h;
        this.size++;
        return true;
      }
      if (v === h) return false;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2).fill(-1);
    this.mask = this.table.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== -1) this.add(old[i]);
  }
}
