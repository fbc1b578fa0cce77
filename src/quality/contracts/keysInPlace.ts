import type { ErrorLog } from "./errorLog.js";
import type { KeyChecks } from "./keyChecks.js";
import { contractText as t } from "./messages.js";

/**
 * KeyChecks.rowKeys for a row read in place, when unique fields and foreign keys are single
 * fields of other files: a key read in place (inPlace[field] = 1, its text at
 * text[keyStart[field], keyEnd[field])) is hashed in place; the same order of checks and errors.
 */
export function keysInPlace(
  k: KeyChecks,
  log: ErrorLog,
  text: string,
  row: number,
  inPlace: Uint8Array,
  keyStart: Int32Array,
  keyEnd: Int32Array,
): void {
  const keys = k.keys;
  for (const [i, map] of k.uniques) {
    let first: number;
    let v: string | null | undefined;
    if (inPlace[i]) {
      first = map.addRange(text, keyStart[i], keyEnd[i], row);
      if (first) v = text.slice(keyStart[i], keyEnd[i]);
    } else {
      v = keys[i];
      if (v === null || v === undefined) continue;
      first = map.add(v, row);
    }
    if (first) log.add(row, k.fieldName(i), "unique-error", t.unique(v, first));
  }
  if (log.quiet) return;
  for (const { fk, target } of k.fks.live) {
    const i = fk.fields[0];
    if (inPlace[i]) {
      if (!target!.getRange(text, keyStart[i], keyEnd[i]))
        k.fks.error(fk, text.slice(keyStart[i], keyEnd[i]), row);
      continue;
    }
    const v = keys[i];
    if (v === null || v === undefined) continue;
    if (!target!.get(v)) k.fks.error(fk, v, row);
  }
}
