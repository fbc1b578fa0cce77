import { checkCell } from "./cellCheck.js";
import type { ErrorLog } from "./errorLog.js";
import { type FastField, fastCellOk, fastField, fastKeyOk } from "./fastCells.js";
import type { KeyChecks } from "./keyChecks.js";
import { keysInPlace } from "./keysInPlace.js";
import type { CompiledField, CompiledSchema } from "./schema.js";

/**
 * The fast path of a CSV row without quotes, read in place (text[start, end)): the same errors
 * as the exact path on its cells, without a string per cell. A cell the fast checks do not
 * vouch for goes through checkCell as text; a row of another shape goes the exact way.
 */
export class FastRows {
  private readonly n: number;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly fastCols: (FastField | null)[];
  // Per column: 1 when its field is read by some key.
  private readonly colKeyed: Uint8Array;
  // Keys read in place: where their text lies (inPlace[field] = 1) instead of keys.keys[field].
  private readonly keyStart: Int32Array;
  private readonly keyEnd: Int32Array;
  private readonly inPlace: Uint8Array;
  // Keys read in place are hashed in place when every key is one field of another file's.
  private readonly simpleKeys: boolean;
  private readonly pkColumn: number;
  // The row's textHash, from the walk that finds its cells (only with a primary key).
  private rowHash = 0;

  /** The fast path for this header, or null when it cannot vouch for its rows. */
  static for(
    s: CompiledSchema,
    columns: (CompiledField | null)[],
    fieldColumn: number[],
    keys: KeyChecks,
    log: ErrorLog,
  ): FastRows | null {
    // The fast path needs "" as the only missing value of every column, and a primary key of
    // at most one field; otherwise every row goes through the exact path.
    const ok =
      s.primaryKey.length <= 1 &&
      s.primaryKey.every((i) => s.fields[i].emptyMissing) &&
      columns.length > 0 &&
      columns.every((f) => f === null || f.emptyMissing);
    return ok ? new FastRows(s, columns, fieldColumn, keys, log) : null;
  }

  private constructor(
    private readonly s: CompiledSchema,
    private readonly columns: (CompiledField | null)[],
    fieldColumn: number[],
    private readonly keys: KeyChecks,
    private readonly log: ErrorLog,
  ) {
    this.n = columns.length;
    this.starts = new Int32Array(this.n);
    this.ends = new Int32Array(this.n);
    this.fastCols = columns.map((f) => (f ? fastField(f) : null));
    this.colKeyed = Uint8Array.from(columns, (f) => (f && keys.keyed[f.index] ? 1 : 0));
    const nf = s.fields.length;
    this.keyStart = new Int32Array(nf);
    this.keyEnd = new Int32Array(nf);
    this.inPlace = new Uint8Array(nf);
    this.simpleKeys =
      !s.uniqueKeys.length &&
      keys.fks.live.every((x) => x.target !== null && x.fk.fields.length === 1);
    this.pkColumn = s.primaryKey.length ? fieldColumn[s.primaryKey[0]] : -1;
  }

  /** Cell bounds of text[start, end) by one walk; false when it has not one cell per column. */
  split(text: string, start: number, end: number, delim: number): boolean {
    const n = this.n;
    const st = this.starts;
    const en = this.ends;
    let c = 0;
    let p = start;
    // Cells are short: one walk beats a native search per cell. The row hash (textHash's
    // FNV-1a) comes from the same walk, for a primary key's copied-row check.
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const ch = text.charCodeAt(i);
      h = Math.imul(h ^ ch, 16777619);
      if (ch !== delim) continue;
      if (c < n) {
        st[c] = p;
        en[c] = i;
      }
      c++;
      p = i + 1;
    }
    this.rowHash = (h >>> 0) + 1;
    if (c >= n) return false;
    st[c] = p;
    en[c] = end;
    return c + 1 === n;
  }

  /** The split row has only empty cells ("" is every column's only missing value here). */
  blank(): boolean {
    for (let k = 0; k < this.n; k++) if (this.ends[k] !== this.starts[k]) return false;
    return true;
  }

  /** Check the split row text[start, end) as row number `row`. */
  check(text: string, start: number, end: number, row: number): void {
    if (!this.firstCopy(text, start, end, row)) return;
    const cols = this.columns;
    const fc = this.fastCols;
    const kk = this.colKeyed;
    const inPlace = this.inPlace;
    const list = this.keys.keyFieldList;
    for (let k = 0; k < list.length; k++) inPlace[list[k]] = 0;
    for (let col = 0; col < this.n; col++) {
      const f = cols[col];
      if (f === null) continue;
      const s = this.starts[col];
      const e = this.ends[col];
      const ff = fc[col];
      const keyed = kk[col] === 1;
      if (ff !== null && e > s && fastCellOk(ff, text, s, e, keyed)) {
        if (keyed) {
          inPlace[f.index] = 1;
          this.keyStart[f.index] = s;
          this.keyEnd[f.index] = e;
        }
        continue;
      }
      checkCell(f, e > s ? text.slice(s, e) : "", row, this.keys.keys, keyed, this.log);
    }
    if (this.simpleKeys && !this.keys.pkFirst)
      keysInPlace(this.keys, this.log, text, row, this.inPlace, this.keyStart, this.keyEnd);
    else {
      for (const i of list)
        if (inPlace[i]) this.keys.keys[i] = text.slice(this.keyStart[i], this.keyEnd[i]);
      this.keys.rowKeys(row);
    }
  }

  // KeyChecks.firstCopy for a row read in place (a primary key of one field, fast's condition).
  private firstCopy(text: string, start: number, end: number, row: number): boolean {
    const keys = this.keys;
    keys.pkFirst = 0;
    if (!this.s.primaryKey.length)
      return keys.firstOf(keys.dupRows.addRange(text, start, end, row), row);
    const col = this.pkColumn;
    if (col < 0 || col >= this.n) return true;
    const s = this.starts[col];
    const e = this.ends[col];
    if (e === s) return true;
    const ff = this.fastCols[col];
    const h = this.rowHash;
    let first: number;
    if (ff !== null && fastKeyOk(ff, text, s, e)) first = keys.pk.addRange(text, s, e, row, h);
    else {
      const c = this.s.fields[this.s.primaryKey[0]].kind.cast(text.slice(s, e));
      if (c === null) return true;
      first = keys.pk.add(c, row, h);
    }
    return keys.pkClash(first, h, row);
  }
}
