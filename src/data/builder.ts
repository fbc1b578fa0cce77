import type { Column, Columns } from "./columns.js";

/** Grows a column, switching from numeric to categorical the first time a string appears. */
export class Builder {
  num: Float64Array | null;
  codes: Int32Array | null = null;
  dict: string[] = [];
  index = new Map<string, number>();
  constructor(rows: number) {
    this.num = new Float64Array(rows).fill(Number.NaN);
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

/** Builders by column name, created on first sight, kept in first-seen order. */
export class TableBuilder {
  readonly builders = new Map<string, Builder>();
  readonly names: string[] = [];
  constructor(
    readonly capacity: number,
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
  done(rows: number): Columns {
    const cols = new Map<string, Column>();
    for (const n of this.names) cols.set(n, (this.builders.get(n) as Builder).done(rows));
    return { rows, names: this.names, cols };
  }
}
