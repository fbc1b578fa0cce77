import { isJsonObject } from "../../records/exactJson.js";
import { type FastField, fastCellOk, fastField, fastKeyOk } from "./fastCells.js";
import { KeyMap, textHash } from "./keyMap.js";
import { contractText as t } from "./messages.js";
import { JsonLineError, type RowSink } from "./rowReader.js";
import type { CompiledField, CompiledSchema, ForeignKey } from "./schema.js";
import type { ContractError, ContractErrorType, TableFormat } from "./types.js";

const SEP = "\u001f";

/** Key values of another file that a foreign key refers to (null: that file could not be read). */
export type RefLookup = (fk: ForeignKey) => KeyMap | { problem: string };

/** Options of a table check. */
export interface ValidatorOptions {
  format: TableFormat;
  /** Keep at most this many errors (all are counted). */
  maxErrors?: number;
  refs?: RefLookup;
  /** About how many rows the table has, to size the key maps once instead of growing them. */
  expectedRows?: number;
}

/**
 * Checks rows against a compiled Table Schema as they stream in, in Frictionless' terms and row
 * numbers (the header is row 1; in JSON Lines, line n is row n + 1). `quiet` rows (the old part
 * of an appended file) are only remembered for unique, primary and foreign keys.
 */
export class TableValidator implements RowSink {
  readonly errors: ContractError[] = [];
  total = 0;
  quiet = false;
  private row: number;
  private headerSeen: boolean;
  private labels: string[] = [];
  private columns: (CompiledField | null)[] = [];
  private readonly s: CompiledSchema;
  private readonly max: number;
  private readonly dupRows: KeyMap;
  // With a primary key, each key's entry also holds its row's hash: a clash whose rows hash
  // alike is a copied row (duplicate-row), so no second map of every row is needed.
  private readonly pk: KeyMap;
  private pkFirst = 0;
  private fieldColumn: number[] = [];
  private readonly uniques = new Map<number, KeyMap>();
  private readonly uniqueKeys: KeyMap[];
  private readonly fks: { fk: ForeignKey; target: KeyMap | null; refs: CompiledField[] }[] = [];
  private readonly selfTargets = new Map<ForeignKey, KeyMap>();
  private readonly pending = new Map<ForeignKey, Map<string, number[]>>();
  private readonly keyFields = new Set<number>();
  private readonly keys: (string | null | undefined)[];
  private stopped = false;
  // The fast path (csvPlain): per column its fast reading; cell bounds of the current row; for
  // key fields read in place, where their key lies (inPlace[i] = 1) instead of keys[i].
  private readonly delim: string;
  private fast = false;
  private fastCols: (FastField | null)[] = [];
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private readonly keyStart: Int32Array;
  private readonly keyEnd: Int32Array;
  private readonly inPlace: Uint8Array;
  private readonly keyFieldList: number[];
  private readonly simpleKeys: boolean;

  constructor(schema: CompiledSchema, opts: ValidatorOptions) {
    this.s = schema;
    const size = opts.expectedRows ?? 1024;
    this.pk = new KeyMap(schema.primaryKey.length ? size : 16);
    this.dupRows = new KeyMap(schema.primaryKey.length ? 16 : size);
    this.max = opts.maxErrors ?? 1000;
    const json = opts.format === "jsonl";
    this.headerSeen = json;
    this.row = 1;
    this.keys = new Array(schema.fields.length);
    if (json) this.columns = schema.fields;
    for (const f of schema.fields) if (f.unique) this.uniques.set(f.index, new KeyMap(size));
    this.uniqueKeys = schema.uniqueKeys.map(() => new KeyMap(size));
    const mark = (ix: number[]) => {
      for (const i of ix) this.keyFields.add(i);
    };
    mark(schema.primaryKey);
    for (const k of schema.uniqueKeys) mark(k);
    for (const i of this.uniques.keys()) this.keyFields.add(i);
    this.delim = opts.format === "tsv" ? "\t" : ",";
    const nf = schema.fields.length;
    this.keyStart = new Int32Array(nf);
    this.keyEnd = new Int32Array(nf);
    this.inPlace = new Uint8Array(nf);
    for (const fk of schema.foreignKeys) {
      mark(fk.fields);
      const self = fk.resource === "";
      const refs = self ? fk.refFields.map((n) => schema.byName.get(n)!) : [];
      if (self) {
        if (refs.includes(undefined as never)) {
          this.add(
            1,
            null,
            "foreign-key",
            `foreign key refers to ${fk.refFields.join(", ")}, not all fields of this schema`,
          );
          continue;
        }
        mark(refs.map((f) => f.index));
        this.selfTargets.set(fk, new KeyMap(size));
        this.pending.set(fk, new Map());
        this.fks.push({ fk, target: null, refs });
        continue;
      }
      const got = opts.refs?.(fk);
      if (!got || !(got instanceof KeyMap)) {
        this.add(1, null, "foreign-key", got?.problem ?? `cannot read ${fk.resource}`);
        continue;
      }
      this.fks.push({ fk, target: got, refs });
    }
    this.keyFieldList = [...this.keyFields];
    // Keys read in place are hashed in place when every key is one field of another file's.
    this.simpleKeys =
      !schema.uniqueKeys.length &&
      this.fks.every((x) => x.target !== null && x.fk.fields.length === 1);
  }

  private add(
    row: number | null,
    field: string | null,
    type: ContractErrorType,
    message: string,
  ): void {
    if (this.quiet) return;
    this.total++;
    if (this.errors.length < this.max) this.errors.push({ row, field, type, message });
  }

  /** The number the next row gets (after the rows seen so far). */
  get nextRow(): number {
    return this.row + 1;
  }

  csvRow(cells: string[], text: string): void {
    if (this.stopped) return;
    if (!this.headerSeen) {
      this.headerSeen = true;
      this.header(cells);
      return;
    }
    const row = ++this.row;
    if (this.blank(cells)) {
      this.add(row, null, "blank-row", t.blankRow());
      return;
    }
    if (!this.firstCopy(text, row, cells, null)) return;
    const n = this.labels.length;
    if (cells.length > n)
      for (let c = n; c < cells.length; c++)
        this.add(row, null, "extra-cell", t.extraCell(c + 1, n));
    const cols = this.columns;
    for (let c = 0; c < cols.length; c++) {
      const f = cols[c];
      if (!f) continue;
      if (c >= cells.length) {
        this.keys[f.index] = undefined;
        this.add(row, f.name, "missing-cell", t.missingCell(c + 1));
        continue;
      }
      this.cell(f, cells[c], row);
    }
    this.rowKeys(row);
  }

  /**
   * A row without quotes, read in place (text[start, end)): the same errors as csvRow on its
   * cells, without a string per cell. A cell the fast checks do not vouch for goes through
   * cell() as text; a row of another shape goes through csvRow.
   */
  csvPlain(text: string, start: number, end: number): void {
    if (this.stopped) return;
    if (!this.fast) {
      const body = text.slice(start, end);
      this.csvRow(body.split(this.delim), body);
      return;
    }
    const n = this.labels.length;
    const st = this.starts;
    const en = this.ends;
    const d = this.delim.charCodeAt(0);
    // Cell bounds by one walk over the row's characters (cells are short: cheaper than a
    // native search per cell).
    let c = 0;
    let p = start;
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i) !== d) continue;
      if (c < n) {
        st[c] = p;
        en[c] = i;
      }
      c++;
      p = i + 1;
    }
    if (c < n) {
      st[c] = p;
      en[c] = end;
    }
    c++;
    if (c !== n) {
      const body = text.slice(start, end);
      this.csvRow(body.split(this.delim), body);
      return;
    }
    let blank = true;
    for (let k = 0; k < n && blank; k++) blank = en[k] === st[k];
    const row = ++this.row;
    // Every column's missing values are only "" (fast's condition): blank is all cells empty.
    if (blank) {
      this.add(row, null, "blank-row", t.blankRow());
      return;
    }
    if (!this.firstCopyAt(text, start, end, row)) return;
    const cols = this.columns;
    const fc = this.fastCols;
    const inPlace = this.inPlace;
    for (let k = 0; k < this.keyFieldList.length; k++) inPlace[this.keyFieldList[k]] = 0;
    for (let col = 0; col < n; col++) {
      const f = cols[col];
      if (!f) continue;
      const s = st[col];
      const e = en[col];
      const ff = fc[col];
      const keyed = this.keyFields.has(f.index);
      if (ff !== null && e > s && fastCellOk(ff, text, s, e, keyed)) {
        if (keyed) {
          inPlace[f.index] = 1;
          this.keyStart[f.index] = s;
          this.keyEnd[f.index] = e;
        }
        continue;
      }
      this.cell(f, e > s ? text.slice(s, e) : "", row);
    }
    if (this.simpleKeys && !this.pkFirst) this.rowKeysAt(text, row);
    else {
      for (const i of this.keyFieldList)
        if (inPlace[i]) this.keys[i] = text.slice(this.keyStart[i], this.keyEnd[i]);
      this.rowKeys(row);
    }
  }

  // firstCopy for a row read in place (a primary key of one field, fast's condition).
  private firstCopyAt(text: string, start: number, end: number, row: number): boolean {
    this.pkFirst = 0;
    const pk = this.s.primaryKey;
    if (!pk.length) {
      const first = this.dupRows.addRange(text, start, end, row);
      if (!first) return true;
      this.add(row, null, "duplicate-row", t.duplicateRow(first));
      return false;
    }
    const f = this.s.fields[pk[0]];
    const col = this.fieldColumn[f.index];
    if (col < 0 || col >= this.labels.length) return true;
    const s = this.starts[col];
    const e = this.ends[col];
    if (e === s) return true;
    const ff = this.fastCols[col];
    const h = textHash(text, start, end);
    let first: number;
    if (ff !== null && fastKeyOk(ff, text, s, e)) first = this.pk.addRange(text, s, e, row, h);
    else {
      const c = f.kind.cast(text.slice(s, e));
      if (c === null) return true;
      first = this.pk.add(c, row, h);
    }
    if (!first) return true;
    if (this.pk.foundTag === h) {
      this.add(row, null, "duplicate-row", t.duplicateRow(first));
      return false;
    }
    this.pkFirst = first;
    return true;
  }

  // rowKeys when unique fields and foreign keys are single fields of other files: a key read
  // in place is hashed in place (same order of checks and errors as rowKeys).
  private rowKeysAt(text: string, row: number): void {
    const s = this.s;
    const inPlace = this.inPlace;
    for (const [i, map] of this.uniques) {
      let first: number;
      let k: string | null | undefined;
      if (inPlace[i]) {
        first = map.addRange(text, this.keyStart[i], this.keyEnd[i], row);
        if (first) k = text.slice(this.keyStart[i], this.keyEnd[i]);
      } else {
        k = this.keys[i];
        if (k === null || k === undefined) continue;
        first = map.add(k, row);
      }
      if (first) this.add(row, s.fields[i].name, "unique-error", t.unique(k, first));
    }
    if (this.quiet) return;
    for (const { fk, target } of this.fks) {
      const i = fk.fields[0];
      if (inPlace[i]) {
        if (!target!.getRange(text, this.keyStart[i], this.keyEnd[i]))
          this.fkError(fk, text.slice(this.keyStart[i], this.keyEnd[i]), row);
        continue;
      }
      const k = this.keys[i];
      if (k === null || k === undefined) continue;
      if (!target!.get(k)) this.fkError(fk, k, row);
    }
  }

  jsonRow(value: unknown, text: string): void {
    if (this.stopped) return;
    const row = ++this.row;
    if (value === undefined) {
      this.add(row, null, "blank-row", t.blankRow());
      return;
    }
    if (value instanceof JsonLineError) {
      this.add(row, null, "source-error", t.badJson(value.message));
      return;
    }
    if (!isJsonObject(value)) {
      this.add(row, null, "source-error", t.notRecord());
      return;
    }
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (keys.every((k) => rec[k] === null)) {
      this.add(row, null, "blank-row", t.blankRow());
      return;
    }
    if (!this.firstCopy(text, row, null, rec)) return;
    const m = this.s.fieldsMatch;
    if (m === "exact" || m === "equal" || m === "superset")
      for (const k of keys)
        if (!this.s.byName.has(k)) this.add(row, k, "extra-cell", t.extraKey(k));
    const absentIsError = m === "exact" || m === "equal" || m === "subset";
    for (const f of this.s.fields) {
      if (!Object.hasOwn(rec, f.name)) {
        this.keys[f.index] = absentIsError ? undefined : null;
        if (absentIsError) this.add(row, f.name, "missing-cell", t.missingKey(f.name));
        continue;
      }
      this.cell(f, rec[f.name], row);
    }
    this.rowKeys(row);
  }

  sourceError(message: string): void {
    this.stopped = true;
    this.quiet = false;
    this.add(this.row + 1, null, "source-error", message);
  }

  private blank(cells: string[]): boolean {
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c];
      if (v !== "" && !(this.columns[c]?.missing.has(v) ?? false)) return false;
    }
    return true;
  }

  // A row that copies an earlier one is reported once, as that; its cells were judged there.
  // With a primary key, its clash is found here too (pkFirst), before any cell is reported.
  private firstCopy(
    text: string,
    row: number,
    cells: string[] | null,
    rec: Record<string, unknown> | null,
  ): boolean {
    this.pkFirst = 0;
    const pk = this.s.primaryKey;
    if (!pk.length) {
      const first = this.dupRows.add(text, row);
      if (!first) return true;
      this.add(row, null, "duplicate-row", t.duplicateRow(first));
      return false;
    }
    let key = "";
    for (let k = 0; k < pk.length; k++) {
      const f = this.s.fields[pk[k]];
      const v = cells ? cells[this.fieldColumn[f.index]] : rec![f.name];
      if (v === undefined || v === null || (typeof v === "string" && f.missing.has(v))) return true;
      const c = f.kind.cast(v);
      if (c === null) return true;
      key += k ? SEP + c : c;
    }
    const h = textHash(text);
    const first = this.pk.add(key, row, h);
    if (!first) return true;
    if (this.pk.foundTag === h) {
      this.add(row, null, "duplicate-row", t.duplicateRow(first));
      return false;
    }
    this.pkFirst = first;
    return true;
  }

  private cell(f: CompiledField, v: unknown, row: number): void {
    if (this.quiet && !this.keyFields.has(f.index)) return;
    if (
      v === null ||
      (typeof v === "string" && (f.emptyMissing ? v.length === 0 : f.missing.has(v)))
    ) {
      this.keys[f.index] = null;
      if (f.required) this.add(row, f.name, "constraint-error", t.required());
      return;
    }
    const key = f.kind.cast(v);
    this.keys[f.index] = key ?? undefined;
    if (key === null) {
      this.add(row, f.name, "type-error", t.type(v, f));
      return;
    }
    if (this.quiet || !f.constrained) return;
    if (f.enum && !f.enum.has(key)) this.bad(row, f, v, "enum", f.enumText);
    const out = f.outOfBounds?.(key);
    if (out) this.bad(row, f, v, out[0], out[1]);
    if (f.minLength !== undefined || f.maxLength !== undefined) {
      const n = f.kind.length!(key);
      if (f.minLength !== undefined && n < f.minLength)
        this.bad(row, f, v, "minLength", f.minLength);
      if (f.maxLength !== undefined && n > f.maxLength)
        this.bad(row, f, v, "maxLength", f.maxLength);
    }
    if (f.pattern && !f.pattern.test(typeof v === "string" ? v : key))
      this.bad(row, f, v, "pattern", f.patternText);
  }

  private bad(row: number, f: CompiledField, v: unknown, name: string, limit: unknown): void {
    this.add(row, f.name, "constraint-error", t.constraint(v, name, String(limit)));
  }

  private composite(ix: number[]): string | null {
    if (ix.length === 1) return this.keys[ix[0]] ?? null;
    let out = "";
    for (let k = 0; k < ix.length; k++) {
      const v = this.keys[ix[k]];
      if (v === null || v === undefined) return null;
      out += k ? SEP + v : v;
    }
    return out;
  }

  private names(ix: number[]): string {
    return ix.map((i) => this.s.fields[i].name).join(", ");
  }

  private rowKeys(row: number): void {
    const s = this.s;
    for (const [i, map] of this.uniques) {
      const k = this.keys[i];
      if (k === null || k === undefined) continue;
      const first = map.add(k, row);
      if (first) this.add(row, s.fields[i].name, "unique-error", t.unique(k, first));
    }
    if (this.pkFirst) {
      const k = this.composite(s.primaryKey) ?? "";
      this.add(
        row,
        this.names(s.primaryKey),
        "primary-key",
        t.primaryKey(this.names(s.primaryKey), k.split(SEP).join(", "), this.pkFirst),
      );
    }
    s.uniqueKeys.forEach((ix, n) => {
      const k = this.composite(ix);
      const first = k === null ? 0 : this.uniqueKeys[n].add(k, row);
      if (first) this.add(row, this.names(ix), "unique-error", t.uniqueKey(this.names(ix), first));
    });
    for (const { fk, target, refs } of this.fks) {
      if (!target) {
        // This file is its own reference: remember its key values, settle forward references.
        const own = this.composite(refs.map((f) => f.index));
        if (own !== null) this.selfTargets.get(fk)!.add(own, row);
      }
      const k = this.composite(fk.fields);
      if (k === null || this.quiet) continue;
      if (target) {
        if (!target.get(k)) this.fkError(fk, k, row);
      } else if (!this.selfTargets.get(fk)!.get(k)) {
        const p = this.pending.get(fk)!;
        const rows = p.get(k);
        if (rows) rows.push(row);
        else p.set(k, [row]);
      }
    }
  }

  private fkError(fk: ForeignKey, k: string, row: number): void {
    const names = this.names(fk.fields);
    this.add(
      row,
      names,
      "foreign-key",
      t.foreignKey(names, k.split(SEP).join(", "), fk.resource, fk.refFields.join(", ")),
    );
  }

  private header(labels: string[]): void {
    this.setHeader(labels);
    // The fast path needs "" as the only missing value of every column, and a primary key of
    // at most one field; otherwise every row goes through csvRow.
    const cols = this.columns;
    this.fast =
      this.s.primaryKey.length <= 1 &&
      this.s.primaryKey.every((i) => this.s.fields[i].emptyMissing) &&
      labels.length > 0 &&
      cols.every((f) => f === null || f.emptyMissing) &&
      cols.length === labels.length;
    this.fastCols = cols.map((f) => (f ? fastField(f) : null));
    this.starts = new Int32Array(labels.length);
    this.ends = new Int32Array(labels.length);
  }

  private setHeader(labels: string[]): void {
    this.labels = labels;
    const s = this.s;
    const seen = new Map<string, number>();
    labels.forEach((l, c) => {
      if (l.trim() === "") this.add(1, null, "blank-label", t.blankLabel(c + 1));
      else if (seen.has(l))
        this.add(1, l, "duplicate-label", t.duplicateLabel(l, c + 1, seen.get(l)! + 1));
      else seen.set(l, c);
    });
    const m = s.fieldsMatch;
    this.fieldColumn = s.fields.map((f) => (m === "exact" ? f.index : (seen.get(f.name) ?? -1)));
    if (m === "exact") {
      this.columns = labels.map((_, c) => s.fields[c] ?? null);
      for (let c = 0; c < Math.max(labels.length, s.fields.length); c++) {
        const l = labels[c];
        const f = s.fields[c];
        if (!f) this.add(1, l, "extra-label", t.extraLabel(l, c + 1));
        else if (l === undefined) this.add(1, f.name, "missing-label", t.missingLabel(f.name));
        else if (l !== f.name && l.trim() !== "")
          this.add(1, f.name, "incorrect-label", t.incorrectLabel(l, c + 1, f.name));
      }
      return;
    }
    this.columns = labels.map((l, c) => (seen.get(l) === c ? (s.byName.get(l) ?? null) : null));
    if (m === "equal" || m === "superset")
      labels.forEach((l, c) => {
        if (l.trim() !== "" && !s.byName.has(l))
          this.add(1, l, "extra-label", t.extraLabel(l, c + 1));
      });
    if (m === "equal" || m === "subset")
      for (const f of s.fields)
        if (!seen.has(f.name)) this.add(1, f.name, "missing-label", t.missingLabel(f.name));
    if (m === "partial" && !this.columns.some(Boolean))
      this.add(1, null, "missing-label", t.noneMatch());
  }

  /** Settle forward references of self foreign keys; errors sorted by row. */
  finish(): ContractError[] {
    for (const [fk, p] of this.pending) {
      const targets = this.selfTargets.get(fk)!;
      for (const [k, rows] of p) if (!targets.get(k)) for (const r of rows) this.fkError(fk, k, r);
    }
    this.pending.clear();
    return this.errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }
}
