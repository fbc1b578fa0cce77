import { isJsonObject, jsonEqual, readJson, stringifyJson } from "../records/exactJson.js";
import { canonicalJson } from "../records/identity.js";
import type { Rec } from "./types.js";

/** Merges one keyed record changed on both sides field by field, or null when a field conflicts. */
export type FieldMerge = (base: Rec, ours: Rec, theirs: Rec) => Rec | null;

// Three-way merge of named (or numbered) fields: a side's change applies when the other side
// kept the base value; the same field changed differently on both sides is a conflict (null).
function mergeFields<V>(
  names: string[],
  get: (side: 0 | 1 | 2, name: string) => V | undefined,
  equal: (a: V | undefined, b: V | undefined) => boolean,
): Map<string, V | undefined> | null {
  const out = new Map<string, V | undefined>();
  for (const n of names) {
    const [b, o, t] = [get(0, n), get(1, n), get(2, n)];
    if (equal(o, t) || equal(b, t)) out.set(n, o);
    else if (equal(b, o)) out.set(n, t);
    else return null;
  }
  return out;
}

/** Field-wise merge of JSON Lines records: top-level fields, ours' field order first. */
export const jsonFieldMerge: FieldMerge = (base, ours, theirs) => {
  const [b, o, t] = [base, ours, theirs].map((r) => readJson(r.body));
  if (!isJsonObject(b) || !isJsonObject(o) || !isJsonObject(t)) return null;
  const sides = [b, o, t];
  const names = [...new Set([...Object.keys(o), ...Object.keys(t), ...Object.keys(b)])];
  const merged = mergeFields(
    names,
    (s, n) => (Object.hasOwn(sides[s], n) ? sides[s][n] : undefined),
    (x, y) => (x === undefined || y === undefined ? x === y : jsonEqual(x, y)),
  );
  if (!merged) return null;
  const value: Record<string, unknown> = {};
  for (const [n, v] of merged) if (v !== undefined) value[n] = v;
  const content = canonicalJson(value);
  return { body: stringifyJson(value), eol: ours.eol, id: ours.id, content, line: ours.line };
};

/** Field-wise merge of CSV rows (one header, so fields line up by position). */
export function csvFieldMerge(delim: string): FieldMerge {
  return (base, ours, theirs) => {
    const [b, o, t] = [base, ours, theirs].map((r) => JSON.parse(r.content) as string[]);
    const names = o.map((_, i) => String(i));
    const sides = [b, o, t];
    const merged = mergeFields(
      names,
      (s, n) => sides[s][Number(n)],
      (x, y) => x === y,
    );
    if (!merged) return null;
    const fields = names.map((n) => merged.get(n) ?? "");
    return {
      body: fields.map((f) => csvField(f, delim)).join(delim),
      eol: ours.eol,
      id: ours.id,
      content: JSON.stringify(fields),
      line: ours.line,
    };
  };
}

/** One CSV field as written: quoted (quotes doubled) when it holds the delimiter, a quote or a newline. */
export function csvField(f: string, delim: string): string {
  return f.includes(delim) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}
