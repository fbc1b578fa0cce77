import type { ErrorLog } from "./errorLog.js";
import { contractText as t } from "./messages.js";
import type { CompiledField, CompiledSchema } from "./schema.js";

/** How a CSV header maps to the schema: each column's field (or null), each field's column (or -1). */
export interface HeaderMap {
  columns: (CompiledField | null)[];
  fieldColumn: number[];
}

/** Check a header's labels against the schema (by its fieldsMatch); errors go to row 1. */
export function matchHeader(s: CompiledSchema, labels: string[], log: ErrorLog): HeaderMap {
  const seen = new Map<string, number>();
  labels.forEach((l, c) => {
    if (l.trim() === "") log.add(1, null, "blank-label", t.blankLabel(c + 1));
    else if (seen.has(l))
      log.add(1, l, "duplicate-label", t.duplicateLabel(l, c + 1, seen.get(l)! + 1));
    else seen.set(l, c);
  });
  const m = s.fieldsMatch;
  const fieldColumn = s.fields.map((f) => (m === "exact" ? f.index : (seen.get(f.name) ?? -1)));
  if (m === "exact") {
    for (let c = 0; c < Math.max(labels.length, s.fields.length); c++) {
      const l = labels[c];
      const f = s.fields[c];
      if (!f) log.add(1, l, "extra-label", t.extraLabel(l, c + 1));
      else if (l === undefined) log.add(1, f.name, "missing-label", t.missingLabel(f.name));
      else if (l !== f.name && l.trim() !== "")
        log.add(1, f.name, "incorrect-label", t.incorrectLabel(l, c + 1, f.name));
    }
    return { columns: labels.map((_, c) => s.fields[c] ?? null), fieldColumn };
  }
  const columns = labels.map((l, c) => (seen.get(l) === c ? (s.byName.get(l) ?? null) : null));
  if (m === "equal" || m === "superset")
    labels.forEach((l, c) => {
      if (l.trim() !== "" && !s.byName.has(l)) log.add(1, l, "extra-label", t.extraLabel(l, c + 1));
    });
  if (m === "equal" || m === "subset")
    for (const f of s.fields)
      if (!seen.has(f.name)) log.add(1, f.name, "missing-label", t.missingLabel(f.name));
  if (m === "partial" && !columns.some(Boolean)) log.add(1, null, "missing-label", t.noneMatch());
  return { columns, fieldColumn };
}
