import { readFileSync } from "node:fs";
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

/** Validate a parsed mlbranch.json against the shipped schema; returns `path: message` strings. */
export function validateConfig(data: unknown): string[] {
  if (validator(data)) return [];
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
