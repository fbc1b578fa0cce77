import type { ErrorLog } from "./errorLog.js";
import { KeyMap } from "./keyMap.js";
import { composite, namesOf, type RowKeys, SEP } from "./keyText.js";
import { contractText as t } from "./messages.js";
import type { CompiledField, CompiledSchema, ForeignKey } from "./schema.js";

/** Key values of another file that a foreign key refers to, or why that file cannot be used. */
export type RefLookup = (fk: ForeignKey) => KeyMap | { problem: string };

/** One usable foreign key: the other file's keys (target), or null with refs for this file's own. */
export interface LiveForeignKey {
  fk: ForeignKey;
  target: KeyMap | null;
  refs: CompiledField[];
}

/**
 * The foreign keys of a table: a key of another file is looked up as each row comes; a key of
 * this file may refer forward, so its misses wait (pending) until every row is seen.
 */
export class ForeignKeyCheck {
  readonly live: LiveForeignKey[] = [];
  private readonly selfTargets = new Map<ForeignKey, KeyMap>();
  private readonly pending = new Map<ForeignKey, Map<string, number[]>>();

  /** Reads each foreign key's target (problems reported at row 1); mark() names key fields. */
  constructor(
    private readonly s: CompiledSchema,
    size: number,
    refs: RefLookup | undefined,
    private readonly log: ErrorLog,
    mark: (ix: number[]) => void,
  ) {
    for (const fk of s.foreignKeys) {
      mark(fk.fields);
      if (fk.resource === "") {
        const own = fk.refFields.map((n) => s.byName.get(n));
        if (own.includes(undefined)) {
          const names = fk.refFields.join(", ");
          log.add(
            1,
            null,
            "foreign-key",
            `foreign key refers to ${names}, not all fields of this schema`,
          );
          continue;
        }
        const fields = own as CompiledField[];
        mark(fields.map((f) => f.index));
        this.selfTargets.set(fk, new KeyMap(size));
        this.pending.set(fk, new Map());
        this.live.push({ fk, target: null, refs: fields });
        continue;
      }
      const got = refs?.(fk);
      if (!got || !(got instanceof KeyMap)) {
        log.add(1, null, "foreign-key", got?.problem ?? `cannot read ${fk.resource}`);
        continue;
      }
      this.live.push({ fk, target: got, refs: [] });
    }
  }

  /** Every foreign key of the row (keys: its key values); while quiet only remembered. */
  check(keys: RowKeys, row: number): void {
    for (const { fk, target, refs } of this.live) {
      if (!target) {
        // This file is its own reference: remember its key values, settle forward references.
        const own = composite(
          keys,
          refs.map((f) => f.index),
        );
        if (own !== null) this.selfTargets.get(fk)!.add(own, row);
      }
      const k = composite(keys, fk.fields);
      if (k === null || this.log.quiet) continue;
      if (target) {
        if (!target.get(k)) this.error(fk, k, row);
      } else if (!this.selfTargets.get(fk)!.get(k)) {
        const p = this.pending.get(fk)!;
        const rows = p.get(k);
        if (rows) rows.push(row);
        else p.set(k, [row]);
      }
    }
  }

  /** Report row's key k as missing from fk's target. */
  error(fk: ForeignKey, k: string, row: number): void {
    const names = namesOf(this.s, fk.fields);
    const refNames = fk.refFields.join(", ");
    const shown = k.split(SEP).join(", ");
    this.log.add(row, names, "foreign-key", t.foreignKey(names, shown, fk.resource, refNames));
  }

  /** Settle forward references of this file's own foreign keys (after the last row). */
  settle(): void {
    for (const [fk, p] of this.pending) {
      const targets = this.selfTargets.get(fk)!;
      for (const [k, rows] of p) if (!targets.get(k)) for (const r of rows) this.error(fk, k, r);
    }
    this.pending.clear();
  }
}
