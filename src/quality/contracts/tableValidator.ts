import { isJsonObject } from "../../records/exactJson.js";
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
