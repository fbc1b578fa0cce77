import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import { packageFile } from "../io/paths.js";
import { validate as compiled } from "./configValidator.generated.js";

// The schema is compiled into a standalone validator at build time (scripts/gen-validator.mjs),
// so a hook neither loads ajv nor compiles the schema.
const validator = compiled as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The JSON Schema of mlbranch.json that the package ships (also what editors read). */
export function configSchema(): object {
  return JSON.parse(readFileSync(packageFile("schema", "mlbranch.schema.json"), "utf8"));
}

/** JSON pointer "/types/raw/match/0" -> "types.raw.match[0]" for messages. */
export function pointerToPath(pointer: string): string {
  if (!pointer) return "(root)";
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join("");
}

function formatAjvError(e: ErrorObject): string {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === "additionalProperties") {
    return `${path}: unknown key "${String(p.additionalProperty)}"`;
  }
  if (e.keyword === "enum") {
    return `${path}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (e.keyword === "propertyNames") return `${path}: invalid name "${String(p.propertyName)}"`;
  return `${path}: ${e.message ?? e.keyword}`;
}

const require = createRequire(import.meta.url);

// Star height above 1 needs a quantified group; without one (and with few quantifiers, which
// safe-regex2 also limits) a pattern is safe by its measure, so hooks skip loading it.
const QUANTIFIED_GROUP = /\)(?:[*+?]|\{\d)/;
const maybeUnsafe = (re: string) =>
  QUANTIFIED_GROUP.test(re) || (re.match(/[*+?]|\{\d/g)?.length ?? 0) >= 25;

// Trailer patterns run on every commit message, client and server: one that can backtrack
// catastrophically (nested quantifiers such as ^(a+)+$) would hang both on a crafted message.
// safe-regex2 (fastify's, maintained, small, synchronous) flags star height above 1 and long
// chains of repetitions; it loads only for a pattern with a quantified group.
function unsafePatterns(data: unknown): string[] {
  const types = (data as { types?: unknown } | null)?.types;
  if (!types || typeof types !== "object") return [];
  const out: string[] = [];
  let safe: ((re: string) => boolean) | undefined;
  for (const [name, t] of Object.entries(types as Record<string, { trailers?: unknown }>)) {
    if (!Array.isArray(t?.trailers)) continue;
    t.trailers.forEach((tr: { pattern?: unknown }, i: number) => {
      if (typeof tr?.pattern !== "string" || !maybeUnsafe(tr.pattern)) return;
      try {
        new RegExp(tr.pattern);
      } catch {
        return; // reported as not a valid regular expression
      }
      safe ??= require("safe-regex2") as (re: string) => boolean;
      if (!safe(tr.pattern))
        out.push(
          `types.${name}.trailers[${i}].pattern: /${tr.pattern}/ can backtrack catastrophically (a quantified group inside another, e.g. (a+)+) and would hang git commit and the server on a crafted message; rewrite it without nested quantifiers (e.g. ^a+$)`,
        );
    });
  }
  return out;
}

/** Validate a parsed mlbranch.json against the shipped schema; returns `path: message` strings. */
export function validateConfig(data: unknown): string[] {
  if (validator(data)) return unsafePatterns(data);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of validator.errors ?? []) {
    if (e.keyword === "propertyNames" && e.params && !("propertyName" in e.params)) continue;
    const msg = formatAjvError(e);
    if (!seen.has(msg)) {
      seen.add(msg);
      out.push(msg);
    }
  }
  return out;
}
