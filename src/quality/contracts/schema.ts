import { createRequire } from "node:module";
import { article, type FieldDescriptor, type Kind, kindOf } from "./cast.js";
import { SchemaProblems } from "./types.js";

const require = createRequire(import.meta.url);

/** A field ready to check cells: its kind and its constraints, values already cast. */
export interface CompiledField {
  name: string;
  index: number;
  kind: Kind;
  /** Cell texts that mean "no value" (the field's own missingValues, else the schema's). */
  missing: Set<string>;
  required: boolean;
  unique: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: string;
  maximum?: string;
  exclusiveMinimum?: string;
  exclusiveMaximum?: string;
  pattern?: RegExp;
  patternText?: string;
  enum?: Set<string>;
  enumText?: string;
  /** Any constraint beyond required and unique (so cells of plain fields skip the checks). */
  constrained: boolean;
  /** Only "" means missing (the default): tested by length, not by a set lookup. */
  emptyMissing: boolean;
  /** The first bound a value breaks ([name, limit]) or null; numbers compare as doubles when exact. */
  outOfBounds?: (key: string) => readonly [string, string] | null;
}

/** A foreign key: these fields' values exist in `resource`'s (a repository path, "" = this file) `refFields`. */
export interface ForeignKey {
  fields: number[];
  resource: string;
  refFields: string[];
}

/** How the data's columns must match the schema's fields (Table Schema v2; v1 behaves as exact). */
export type FieldsMatch = "exact" | "equal" | "subset" | "superset" | "partial";

/** A Table Schema compiled for checking. */
export interface CompiledSchema {
  path: string;
  /** The schema's JSON text (a worker compiles its own copy from it). */
  source: string;
  version: 1 | 2;
  fields: CompiledField[];
  byName: Map<string, CompiledField>;
  primaryKey: number[];
  uniqueKeys: number[][];
  foreignKeys: ForeignKey[];
  fieldsMatch: FieldsMatch;
}

const MATCHES = ["exact", "equal", "subset", "superset", "partial"];
const QUANTIFIED_GROUP = /\)(?:[*+?]|\{\d)/;

const asList = (v: unknown): unknown[] | null =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v : null;
const missingTexts = (v: unknown, where: string, problems: string[]): Set<string> | null => {
  if (v === undefined) return null;
  if (!Array.isArray(v)) {
    problems.push(`${where}: must be an array of strings`);
    return null;
  }
  const out = new Set<string>();
  for (const m of v) {
    const t = typeof m === "string" ? m : (m as { value?: unknown })?.value;
    if (typeof t === "string") out.add(t);
    else problems.push(`${where}: ${JSON.stringify(m)} is not a string (or {"value": "..."})`);
  }
  return out;
};

// A user's pattern runs on every cell of the field: one that can backtrack catastrophically
// would hang a commit on a crafted cell, so it is refused the way trailer patterns are
// (config/validateConfig.ts): safe-regex2 loads only for a pattern with a quantified group.
function compilePattern(p: string, where: string, problems: string[]): RegExp | undefined {
  let rx: RegExp;
  try {
    rx = new RegExp(`^(?:${p})$`);
  } catch (e) {
    problems.push(`${where}: /${p}/ is not a valid regular expression (${(e as Error).message})`);
    return undefined;
  }
  if (QUANTIFIED_GROUP.test(p) || (p.match(/[*+?]|\{\d/g)?.length ?? 0) >= 25) {
    const safe = require("safe-regex2") as (re: string) => boolean;
    if (!safe(p)) {
      problems.push(
        `${where}: /${p}/ can backtrack catastrophically (a quantified group inside another, e.g. (a+)+) and would hang a commit on a crafted cell; rewrite it without nested quantifiers`,
      );
      return undefined;
    }
  }
  return rx;
}

function compileField(
  f: FieldDescriptor,
  index: number,
  schemaMissing: Set<string>,
  problems: string[],
): CompiledField {
  const where = `fields[${index}] (${f.name})`;
  const own: string[] = [];
  const kind = kindOf(f, own);
  const c = (f.constraints ?? {}) as Record<string, unknown>;
  const out: CompiledField = {
    name: f.name,
    index,
    kind,
    missing: missingTexts(f.missingValues, `${where}.missingValues`, problems) ?? schemaMissing,
    required: c.required === true,
    unique: c.unique === true,
    constrained: false,
    emptyMissing: false,
  };
  for (const k of ["required", "unique"] as const)
    if (c[k] !== undefined && typeof c[k] !== "boolean")
      own.push(`constraints.${k}: must be true or false`);
  for (const k of ["minLength", "maxLength"] as const) {
    if (c[k] === undefined) continue;
    if (!Number.isInteger(c[k]) || (c[k] as number) < 0)
      own.push(`constraints.${k}: must be a non-negative integer`);
    else if (!kind.length)
      own.push(
        `constraints.${k}: does not apply to ${kind.describe} (string, array, object, list only)`,
      );
    else out[k] = c[k] as number;
  }
  for (const k of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) {
    if (c[k] === undefined) continue;
    if (!kind.compare || f.type === "string" || f.type === undefined) {
      own.push(
        `constraints.${k}: does not apply to ${kind.describe} (numbers, dates, times, years, durations only)`,
      );
      continue;
    }
    const v = kind.cast(c[k]);
    if (v === null)
      own.push(`constraints.${k}: ${JSON.stringify(c[k])} is not ${article(kind.describe)}`);
    else out[k] = v;
  }
  if (c.pattern !== undefined) {
    if (typeof c.pattern !== "string") own.push("constraints.pattern: must be a string");
    else {
      out.pattern = compilePattern(c.pattern, "constraints.pattern", own);
      out.patternText = c.pattern;
    }
  }
  const allowed =
    c.enum ??
    (f.categories ? f.categories.map((x) => (x as { value?: unknown })?.value ?? x) : undefined);
  if (allowed !== undefined) {
    if (!Array.isArray(allowed) || !allowed.length)
      own.push("constraints.enum: must be a non-empty array");
    else {
      const set = new Set<string>();
      for (const v of allowed) {
        const k = kind.cast(v);
        if (k === null)
          own.push(`constraints.enum: ${JSON.stringify(v)} is not ${article(kind.describe)}`);
        else set.add(k);
      }
      out.enum = set;
      out.enumText = allowed.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
    }
  }
  for (const p of own) problems.push(`${where}.${p}`);
  out.emptyMissing = out.missing.size === 1 && out.missing.has("");
  out.outOfBounds = boundsOf(out, f.type === "number" || f.type === "integer");
  out.constrained = [
    out.minLength,
    out.maxLength,
    out.minimum,
    out.maximum,
    out.exclusiveMinimum,
    out.exclusiveMaximum,
    out.pattern,
    out.enum,
  ].some((x) => x !== undefined);
  return out;
}

const BOUNDS = [
  ["minimum", (c: number) => c < 0],
  ["maximum", (c: number) => c > 0],
  ["exclusiveMinimum", (c: number) => c <= 0],
  ["exclusiveMaximum", (c: number) => c >= 0],
] as const;

// A field's bounds as one check; number bounds of up to 15 characters (exact as doubles) are
// compared as doubles parsed once, the value's too when it is that short.
function boundsOf(f: CompiledField, numeric: boolean): CompiledField["outOfBounds"] {
  const cmp = f.kind.compare;
  const set = BOUNDS.filter(([name]) => f[name] !== undefined).map(([name, broken]) => {
    const limit = f[name] as string;
    const num =
      numeric && limit.length <= 15 && Number.isFinite(Number(limit)) ? Number(limit) : null;
    return { broken, limit, num, answer: [name, limit] as const };
  });
  if (!set.length || !cmp) return undefined;
  return (key) => {
    const x = numeric && key.length <= 15 ? Number(key) : Number.NaN;
    for (const b of set) {
      const c = b.num !== null && !Number.isNaN(x) ? x - b.num : cmp(key, b.limit);
      if (b.broken(c)) return b.answer;
    }
    return null;
  };
}

function fieldIndexes(
  v: unknown,
  byName: Map<string, CompiledField>,
  where: string,
  problems: string[],
): number[] {
  const names = asList(v);
  if (!names?.length || names.some((n) => typeof n !== "string")) {
    problems.push(`${where}: must be a field name or a non-empty array of field names`);
    return [];
  }
  const out: number[] = [];
  for (const n of names as string[]) {
    const f = byName.get(n);
    if (!f) problems.push(`${where}: "${n}" is not a field of this schema`);
    else out.push(f.index);
  }
  return out;
}

/** Compile a Table Schema's text (v1 or v2); every problem with it is listed, none thrown. */
export function compileTableSchema(text: string, path: string): CompiledSchema | SchemaProblems {
  const problems: string[] = [];
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return new SchemaProblems(path, [`not valid JSON (${(e as Error).message})`]);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return new SchemaProblems(path, ['a Table Schema is a JSON object with a "fields" array']);
  if (!Array.isArray(raw.fields))
    return new SchemaProblems(path, ['fields: required, an array of {"name", "type", ...}']);
  const version = /\/2\.|\/v2\b/.test(String(raw.$schema ?? "")) ? 2 : 1;
  const schemaMissing = missingTexts(raw.missingValues, "missingValues", problems) ?? new Set([""]);
  const fields: CompiledField[] = [];
  const byName = new Map<string, CompiledField>();
  (raw.fields as unknown[]).forEach((f, i) => {
    const d = f as FieldDescriptor;
    if (!d || typeof d !== "object" || typeof d.name !== "string" || !d.name) {
      problems.push(`fields[${i}]: needs a "name" (a non-empty string)`);
      return;
    }
    if (byName.has(d.name)) problems.push(`fields[${i}]: the name "${d.name}" is used twice`);
    const cf = compileField(d, fields.length, schemaMissing, problems);
    fields.push(cf);
    byName.set(cf.name, cf);
  });
  const fieldsMatch = (raw.fieldsMatch ?? "exact") as FieldsMatch;
  if (!MATCHES.includes(fieldsMatch))
    problems.push(`fieldsMatch: must be one of ${MATCHES.join(", ")}`);
  const primaryKey =
    raw.primaryKey === undefined
      ? []
      : fieldIndexes(raw.primaryKey, byName, "primaryKey", problems);
  const uniqueKeys: number[][] = [];
  if (raw.uniqueKeys !== undefined) {
    if (!Array.isArray(raw.uniqueKeys))
      problems.push("uniqueKeys: must be an array of field lists");
    else
      raw.uniqueKeys.forEach((k, i) => {
        uniqueKeys.push(fieldIndexes(k, byName, `uniqueKeys[${i}]`, problems));
      });
  }
  const foreignKeys: ForeignKey[] = [];
  if (raw.foreignKeys !== undefined) {
    if (!Array.isArray(raw.foreignKeys)) problems.push("foreignKeys: must be an array");
    else
      raw.foreignKeys.forEach(
        (fk: { fields?: unknown; reference?: { resource?: unknown; fields?: unknown } }, i) => {
          const where = `foreignKeys[${i}]`;
          const own = fieldIndexes(fk?.fields, byName, `${where}.fields`, problems);
          const ref = fk?.reference;
          const resource = ref?.resource ?? "";
          const refFields = asList(ref?.fields);
          if (typeof resource !== "string")
            problems.push(
              `${where}.reference.resource: must be a repository path, or "" for this file`,
            );
          else if (!refFields || refFields.some((n) => typeof n !== "string"))
            problems.push(
              `${where}.reference.fields: must be a field name or an array of field names`,
            );
          else if (refFields.length !== own.length && own.length)
            problems.push(
              `${where}: ${own.length} field(s) refer to ${refFields.length} field(s); the counts must match`,
            );
          else foreignKeys.push({ fields: own, resource, refFields: refFields as string[] });
        },
      );
  }
  // Primary key fields must hold a value (Table Schema: they are implicitly required).
  for (const i of primaryKey) fields[i].required = true;
  if (problems.length) return new SchemaProblems(path, problems);
  return {
    path,
    source: text,
    version,
    fields,
    byName,
    primaryKey,
    uniqueKeys,
    foreignKeys,
    fieldsMatch,
  };
}
