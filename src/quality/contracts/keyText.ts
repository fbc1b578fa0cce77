import type { CompiledSchema } from "./schema.js";

/** Joins the values of a composite key (a character no cell text is expected to hold). */
export const SEP = "\u001f";

/**
 * Key values of the current row per field: its cast text, null for a missing value, undefined
 * for a value that is not of the field's type (no key).
 */
export type RowKeys = (string | null | undefined)[];

/** The key of fields ix in the row (their values joined by SEP), or null when one has none. */
export function composite(keys: RowKeys, ix: number[]): string | null {
  if (ix.length === 1) return keys[ix[0]] ?? null;
  let out = "";
  for (let k = 0; k < ix.length; k++) {
    const v = keys[ix[k]];
    if (v === null || v === undefined) return null;
    out += k ? SEP + v : v;
  }
  return out;
}

/** The fields' names, as an error names them ("a, b"). */
export function namesOf(s: CompiledSchema, ix: number[]): string {
  return ix.map((i) => s.fields[i].name).join(", ");
}
