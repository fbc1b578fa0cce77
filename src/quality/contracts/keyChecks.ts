import type { ErrorLog } from "./errorLog.js";
import { ForeignKeyCheck, type RefLookup } from "./foreignKeyCheck.js";
import { KeyMap, type KeySummary, textHash } from "./keyMap.js";
import { composite, namesOf, type RowKeys, SEP } from "./keyText.js";
import { contractText as t } from "./messages.js";
import type { CompiledSchema } from "./schema.js";

/** The tables of a KeyChecks' maps (KeyMap.slots), to compare with another part of the file. */
export interface KeySlots {
  pk: KeySummary;
  dupRows: KeySummary;
  uniques: KeySummary[];
  uniqueKeys: KeySummary[];
}

/** The buffers of a KeySlots, to transfer to another thread. */
export function slotBuffers(k: KeySlots): ArrayBuffer[] {
  return [k.pk, k.dupRows, ...k.uniques, ...k.uniqueKeys].map((a) => a.slots.buffer as ArrayBuffer);
}

/**
 * The checks that span rows: duplicate rows, the primary key, unique fields and keys, foreign
 * keys. Each row's key values are gathered in `keys` by the cell checks, then rowKeys() runs.
 */
export class KeyChecks {
  readonly keys: RowKeys;
  /** keyed[field index] = 1 for a field some key reads. */
  readonly keyed: Uint8Array;
  readonly keyFieldList: number[];
  // With a primary key, each key's entry also holds its row's hash: a clash whose rows hash
  // alike is a copied row (duplicate-row), so no second map of every row is needed.
  readonly pk: KeyMap;
  readonly dupRows: KeyMap;
  readonly uniques: [number, KeyMap][] = [];
  readonly uniqueKeys: KeyMap[];
  readonly fks: ForeignKeyCheck;
  /** The earlier row holding this row's primary key (set by firstCopy), else 0. */
  pkFirst = 0;

  /** Maps sized for about `size` rows; foreign key targets read through refs. */
  constructor(
    private readonly s: CompiledSchema,
    size: number,
    refs: RefLookup | undefined,
    private readonly log: ErrorLog,
  ) {
    this.pk = new KeyMap(s.primaryKey.length ? size : 16);
    this.dupRows = new KeyMap(s.primaryKey.length ? 16 : size);
    this.keys = new Array(s.fields.length);
    this.keyed = new Uint8Array(s.fields.length);
    const mark = (ix: number[]) => {
      for (const i of ix) this.keyed[i] = 1;
    };
    mark(s.primaryKey);
    for (const k of s.uniqueKeys) mark(k);
    for (const f of s.fields) if (f.unique) this.uniques.push([f.index, new KeyMap(size)]);
    mark(this.uniques.map(([i]) => i));
    this.uniqueKeys = s.uniqueKeys.map(() => new KeyMap(size));
    this.fks = new ForeignKeyCheck(s, size, refs, log, mark);
    this.keyFieldList = [];
    for (let i = 0; i < this.keyed.length; i++) if (this.keyed[i]) this.keyFieldList.push(i);
  }

  /**
   * False for a row that copies an earlier one (reported once, as that: its cells were judged
   * there). With a primary key, its clash is found here too (pkFirst), before any cell is
   * reported. The row's values: cells by fieldColumn (CSV) or rec (JSON Lines).
   */
  firstCopy(
    text: string,
    row: number,
    cells: string[] | null,
    fieldColumn: number[],
    rec: Record<string, unknown> | null,
  ): boolean {
    this.pkFirst = 0;
    const pk = this.s.primaryKey;
    if (!pk.length) return this.firstOf(this.dupRows.add(text, row), row);
    let key = "";
    for (let k = 0; k < pk.length; k++) {
      const f = this.s.fields[pk[k]];
      const v = cells ? cells[fieldColumn[f.index]] : rec![f.name];
      if (v === undefined || v === null || (typeof v === "string" && f.missing.has(v))) return true;
      const c = f.kind.cast(v);
      if (c === null) return true;
      key += k ? SEP + c : c;
    }
    const h = textHash(text);
    return this.pkClash(this.pk.add(key, row, h), h, row);
  }

  /** firstCopy's answer when the row was first seen at `first` (0: new). */
  firstOf(first: number, row: number): boolean {
    if (!first) return true;
    this.log.add(row, null, "duplicate-row", t.duplicateRow(first));
    return false;
  }

  /** firstCopy's answer when the row's primary key was first seen at `first`, the row hashing h. */
  pkClash(first: number, h: number, row: number): boolean {
    if (!first) return true;
    if (this.pk.foundTag === h) return this.firstOf(first, row);
    this.pkFirst = first;
    return true;
  }

  /** The name of field i. */
  fieldName(i: number): string {
    return this.s.fields[i].name;
  }

  /** This part's key tables. */
  slots(): KeySlots {
    return {
      pk: this.pk.slots,
      dupRows: this.dupRows.slots,
      uniques: this.uniques.map(([, m]) => m.slots),
      uniqueKeys: this.uniqueKeys.map((m) => m.slots),
    };
  }

  /** Some key (or, without a primary key, some row) of a later part is also in this one. */
  sharesKeyWith(later: KeySlots): boolean {
    return (
      this.pk.sharesKeyWith(later.pk) ||
      this.dupRows.sharesKeyWith(later.dupRows) ||
      this.uniques.some(([, m], n) => m.sharesKeyWith(later.uniques[n])) ||
      this.uniqueKeys.some((m, n) => m.sharesKeyWith(later.uniqueKeys[n]))
    );
  }

  /** Unique fields, the primary key, unique keys and foreign keys of the row, in that order. */
  rowKeys(row: number): void {
    const s = this.s;
    for (const [i, map] of this.uniques) {
      const k = this.keys[i];
      if (k === null || k === undefined) continue;
      const first = map.add(k, row);
      if (first) this.log.add(row, s.fields[i].name, "unique-error", t.unique(k, first));
    }
    if (this.pkFirst) {
      const k = composite(this.keys, s.primaryKey) ?? "";
      const names = namesOf(s, s.primaryKey);
      const shown = k.split(SEP).join(", ");
      this.log.add(row, names, "primary-key", t.primaryKey(names, shown, this.pkFirst));
    }
    s.uniqueKeys.forEach((ix, n) => {
      const k = composite(this.keys, ix);
      const first = k === null ? 0 : this.uniqueKeys[n].add(k, row);
      const names = namesOf(s, ix);
      if (first) this.log.add(row, names, "unique-error", t.uniqueKey(names, first));
    });
    this.fks.check(this.keys, row);
  }
}
