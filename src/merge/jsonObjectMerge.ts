import { isJsonObject, stringifyJson } from "../records/exactJson.js";
import { jsonEqual, stringifyAt } from "./jsonText.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => isJsonObject(v);
const ABSENT = undefined;

/** A same-key conflict: where, and both sides' values (undefined: removed). */
export interface ValueConflict {
  path: string;
  ours: unknown;
  theirs: unknown;
}

/**
 * Three-way merge of JSON objects key by key, recursively: a side's change is taken when the
 * other side kept the base; keys added on either side are kept (ours' order, then theirs' new
 * keys); a key changed differently on both sides becomes a sentinel string and a conflict.
 */
export function mergeObjects(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  at = "",
): { value: unknown; conflicts: ValueConflict[] } {
  const conflicts: ValueConflict[] = [];
  const rec = (b: unknown, o: unknown, t: unknown, path: string): unknown => {
    if (jsonEqual(o, t)) return o;
    if (jsonEqual(b, o)) return t;
    if (jsonEqual(b, t)) return o;
    if (isObj(o) && isObj(t) && (b === ABSENT || isObj(b))) {
      const bb = (b ?? {}) as Obj;
      const out: Obj = {};
      for (const k of [...Object.keys(o), ...Object.keys(t).filter((k) => !(k in o))]) {
        const v = rec(bb[k], o[k], t[k], `${path}.${k}`);
        if (v !== ABSENT) out[k] = v;
      }
      return out;
    }
    conflicts.push({ path: path || "(root)", ours: o, theirs: t });
    return sentinel(conflicts.length - 1);
  };
  return { value: rec(base, ours, theirs, at), conflicts };
}

/** The placeholder that marks conflict `n` in serialised output. */
export const sentinel = (n: number) => `\u0000mlbranch-conflict-${n}`;

/** Serialise a merged value; each conflict's line becomes a marker block with both versions. */
export function renderWithConflicts(
  value: unknown,
  conflicts: ValueConflict[],
  indent: string,
  markerSize: number,
  eol: string,
): string {
  const lines = stringifyJson(value, indent).split("\n");
  const out: string[] = [];
  for (const line of lines) {
    const m = /"\\u0000mlbranch-conflict-(\d+)"/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const c = conflicts[Number(m[1])];
    const lead = /^\s*/.exec(line)![0];
    const variant = (v: unknown) =>
      v === undefined ? [] : [line.replace(m[0], () => stringifyAt(v, indent, lead))];
    out.push(
      `${"<".repeat(markerSize)} ours`,
      ...variant(c.ours),
      "=".repeat(markerSize),
      ...variant(c.theirs),
      `${">".repeat(markerSize)} theirs`,
    );
  }
  return out.join(eol);
}
