import type { ErrorLog } from "./errorLog.js";
import type { RowKeys } from "./keyText.js";
import { contractText as t } from "./messages.js";
import type { CompiledField } from "./schema.js";

/**
 * The exact check of one cell (a string, or a JSON value): missing, type, then each constraint,
 * in Frictionless' order; its key goes to keys[f.index]. While the log is quiet only a key
 * field's cell is read (for its key).
 */
export function checkCell(
  f: CompiledField,
  v: unknown,
  row: number,
  keys: RowKeys,
  keyed: boolean,
  log: ErrorLog,
): void {
  if (log.quiet && !keyed) return;
  if (
    v === null ||
    (typeof v === "string" && (f.emptyMissing ? v.length === 0 : f.missing.has(v)))
  ) {
    keys[f.index] = null;
    if (f.required) log.add(row, f.name, "constraint-error", t.required());
    return;
  }
  const key = f.kind.cast(v);
  keys[f.index] = key ?? undefined;
  if (key === null) {
    log.add(row, f.name, "type-error", t.type(v, f));
    return;
  }
  if (log.quiet || !f.constrained) return;
  const bad = (name: string, limit: unknown) =>
    log.add(row, f.name, "constraint-error", t.constraint(v, name, String(limit)));
  if (f.enum && !f.enum.has(key)) bad("enum", f.enumText);
  const out = f.outOfBounds?.(key);
  if (out) bad(out[0], out[1]);
  if (f.minLength !== undefined || f.maxLength !== undefined) {
    const n = f.kind.length!(key);
    if (f.minLength !== undefined && n < f.minLength) bad("minLength", f.minLength);
    if (f.maxLength !== undefined && n > f.maxLength) bad("maxLength", f.maxLength);
  }
  if (f.pattern && !f.pattern.test(typeof v === "string" ? v : key)) bad("pattern", f.patternText);
}
