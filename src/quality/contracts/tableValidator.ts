import { isJsonObject } from "../../records/exactJson.js";
import { checkCell } from "./cellCheck.js";
import { ErrorLog } from "./errorLog.js";
import { FastRows } from "./fastRows.js";
import type { RefLookup } from "./foreignKeyCheck.js";
import { matchHeader } from "./headerCheck.js";
import { KeyChecks, type KeySlots } from "./keyChecks.js";
import { contractText as t } from "./messages.js";
import { JsonLineError, type RowSink } from "./rowReader.js";
import type { CompiledField, CompiledSchema } from "./schema.js";
import type { ContractError, TableFormat } from "./types.js";

export type { RefLookup } from "./foreignKeyCheck.js";

/** Options of a table check. */
export interface ValidatorOptions {
  format: TableFormat;
  /** Keep at most this many errors (all are counted). */
  maxErrors?: number;
  refs?: RefLookup;
  /** About how many rows the table has, to size the key maps once instead of growing them. */
  expectedRows?: number;
  /** The number of the first row after the header (2 unless this is a later part of a file). */
  firstRow?: number;
}

/**
 * Checks rows against a compiled Table Schema as they stream in, in Frictionless' terms and row
 * numbers (the header is row 1; in JSON Lines, line n is row n + 1). `quiet` rows (the old part
 * of an appended file) are only remembered for unique, primary and foreign keys.
 */
export class TableValidator implements RowSink {
  private readonly log: ErrorLog;
  private readonly s: CompiledSchema;
  private readonly k: KeyChecks;
  private row = 1;
  private headerSeen: boolean;
  private labels: string[] = [];
  private columns: (CompiledField | null)[] = [];
  private fieldColumn: number[] = [];
  private fast: FastRows | null = null;
  private readonly delim: string;
  private stopped = false;
  private readonly firstRow: number;

  constructor(schema: CompiledSchema, opts: ValidatorOptions) {
    this.s = schema;
    this.log = new ErrorLog(opts.maxErrors ?? 1000);
    this.k = new KeyChecks(schema, opts.expectedRows ?? 1024, opts.refs, this.log);
    this.headerSeen = opts.format === "jsonl";
    if (this.headerSeen) this.columns = schema.fields;
    this.delim = opts.format === "tsv" ? "\t" : ",";
    this.firstRow = opts.firstRow ?? 2;
  }

  /** The errors kept so far. */
  get errors(): ContractError[] {
    return this.log.errors;
  }
  /** Every error counted so far. */
  get total(): number {
    return this.log.total;
  }
  /** While true, rows are only remembered for keys (the old part of an append). */
  get quiet(): boolean {
    return this.log.quiet;
  }
  set quiet(q: boolean) {
    this.log.quiet = q;
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
      this.log.add(row, null, "blank-row", t.blankRow());
      return;
    }
    if (!this.k.firstCopy(text, row, cells, this.fieldColumn, null)) return;
    const n = this.labels.length;
    if (cells.length > n)
      for (let c = n; c < cells.length; c++)
        this.log.add(row, null, "extra-cell", t.extraCell(c + 1, n));
    const cols = this.columns;
    for (let c = 0; c < cols.length; c++) {
      const f = cols[c];
      if (!f) continue;
      if (c >= cells.length) {
        this.k.keys[f.index] = undefined;
        this.log.add(row, f.name, "missing-cell", t.missingCell(c + 1));
        continue;
      }
      checkCell(f, cells[c], row, this.k.keys, this.k.keyed[f.index] === 1, this.log);
    }
    this.k.rowKeys(row);
  }

  /** A row without quotes, read in place: through FastRows when it can vouch for the row. */
  csvPlain(text: string, start: number, end: number): void {
    if (this.stopped) return;
    const fast = this.fast;
    if (fast === null || !fast.split(text, start, end, this.delim.charCodeAt(0))) {
      const body = text.slice(start, end);
      this.csvRow(body.split(this.delim), body);
      return;
    }
    const row = ++this.row;
    if (fast.blank()) this.log.add(row, null, "blank-row", t.blankRow());
    else fast.check(text, start, end, row);
  }

  jsonRow(value: unknown, text: string): void {
    if (this.stopped) return;
    const row = ++this.row;
    if (value === undefined) {
      this.log.add(row, null, "blank-row", t.blankRow());
      return;
    }
    if (value instanceof JsonLineError) {
      this.log.add(row, null, "source-error", t.badJson(value.message));
      return;
    }
    if (!isJsonObject(value)) {
      this.log.add(row, null, "source-error", t.notRecord());
      return;
    }
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (keys.every((k) => rec[k] === null)) {
      this.log.add(row, null, "blank-row", t.blankRow());
      return;
    }
    if (!this.k.firstCopy(text, row, null, this.fieldColumn, rec)) return;
    const m = this.s.fieldsMatch;
    if (m === "exact" || m === "equal" || m === "superset")
      for (const k of keys)
        if (!this.s.byName.has(k)) this.log.add(row, k, "extra-cell", t.extraKey(k));
    const absentIsError = m === "exact" || m === "equal" || m === "subset";
    for (const f of this.s.fields) {
      if (!Object.hasOwn(rec, f.name)) {
        this.k.keys[f.index] = absentIsError ? undefined : null;
        if (absentIsError) this.log.add(row, f.name, "missing-cell", t.missingKey(f.name));
        continue;
      }
      checkCell(f, rec[f.name], row, this.k.keys, this.k.keyed[f.index] === 1, this.log);
    }
    this.k.rowKeys(row);
  }

  sourceError(message: string): void {
    this.stopped = true;
    this.log.quiet = false;
    this.log.add(this.row + 1, null, "source-error", message);
  }

  private blank(cells: string[]): boolean {
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c];
      if (v !== "" && !(this.columns[c]?.missing.has(v) ?? false)) return false;
    }
    return true;
  }

  private header(labels: string[]): void {
    this.row = this.firstRow - 1;
    this.labels = labels;
    const { columns, fieldColumn } = matchHeader(this.s, labels, this.log);
    this.columns = columns;
    this.fieldColumn = fieldColumn;
    this.fast = FastRows.for(this.s, columns, fieldColumn, this.k, this.log);
  }

  /** The key tables so far (parallelValidate.ts compares those of two parts of a file). */
  keySlots(): KeySlots {
    return this.k.slots();
  }

  /** Some key of a later part (its keySlots) is also in the rows seen here. */
  sharesKeyWith(later: KeySlots): boolean {
    return this.k.sharesKeyWith(later);
  }

  /** Settle forward references of self foreign keys; errors sorted by row. */
  finish(): ContractError[] {
    this.k.fks.settle();
    return this.log.errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }
}
