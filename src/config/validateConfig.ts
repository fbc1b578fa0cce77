import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { hash53 } from "../data/hash.js";
import { cacheDir, packageFile } from "../io/paths.js";

let validator: ValidateFunction | undefined;
const require = createRequire(import.meta.url);

// Hooks load the config on every commit, and ajv costs ~70 ms to import plus ~100 ms to compile
// the schema. The compiled validator is kept as standalone code in node_modules/.cache/mlbranch
// (also in a checkout), keyed by the schema and ajv version; ajv loads only to rebuild it. The
// key is a plain string hash: node:crypto alone costs a hook ~6 ms to load.
let schemaKey: { text: string; key: string } | undefined;
function schema(): { text: string; key: string } {
  if (!schemaKey) {
    const text = readFileSync(packageFile("schema", "mlbranch.schema.json"), "utf8");
    const ajvVersion = (require("ajv/package.json") as { version: string }).version;
    schemaKey = { text, key: hash53(`${ajvVersion}\0${text}`).toString(16) };
  }
  return schemaKey;
}

function loadValidator(): ValidateFunction {
  const { text, key } = schema();
  const file = join(cacheDir(), `config-validator-${key}.cjs`);
  if (existsSync(file)) {
    try {
      const mod: { exports: { default?: ValidateFunction } & ValidateFunction } = {
        exports: {} as never,
      };
      new Function("require", "module", "exports", readFileSync(file, "utf8"))(
        require,
        mod,
        mod.exports,
      );
      const v = mod.exports.default ?? mod.exports;
      if (typeof v === "function") return v;
    } catch {
      // a broken cache file is rebuilt below
    }
  }
  const { Ajv } = require("ajv") as typeof import("ajv");
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
  const v = ajv.compile(JSON.parse(text));
  try {
    const standalone = (
      require("ajv/dist/standalone") as typeof import("ajv/dist/standalone/index.js")
    ).default;
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, standalone(ajv, v));
    renameSync(tmp, file);
  } catch {
    // read-only install: compile each time
  }
  return v;
}

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

// Config texts this schema and ajv version already found valid (the newest VALID_KEPT): a hook
// then skips even the cached validator (56 KB of code to compile on every commit).
const VALID_KEPT = 20;

function validFile(): string {
  return join(cacheDir(), `config-valid-${schema().key}.json`);
}

function knownValid(): string[] {
  try {
    const list = JSON.parse(readFileSync(validFile(), "utf8"));
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/**
 * Validate mlbranch.json's text, parsed as `data`: like validateConfig, but a text found valid
 * before (by this schema and ajv version) is not validated again.
 */
export function validateConfigText(text: string, data: unknown): string[] {
  const key = hash53(text).toString(16);
  const known = knownValid();
  if (known.includes(key)) return [];
  const errors = validateConfig(data);
  if (!errors.length) {
    try {
      const file = validFile();
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify([key, ...known].slice(0, VALID_KEPT)));
      renameSync(tmp, file);
    } catch {
      // read-only install: validate each time
    }
  }
  return errors;
}

// Trailer patterns run on every commit message, client and server: one that can backtrack
// catastrophically (nested quantifiers such as ^(a+)+$) would hang both on a crafted message.
// safe-regex2 (fastify's, small, synchronous) flags star height above 1 and huge repetitions;
// it loads only here, when a config text is validated for the first time.
function unsafePatterns(data: unknown): string[] {
  const types = (data as { types?: unknown } | null)?.types;
  if (!types || typeof types !== "object") return [];
  const out: string[] = [];
  let safe: ((re: string) => boolean) | undefined;
  for (const [name, t] of Object.entries(types as Record<string, { trailers?: unknown }>)) {
    if (!Array.isArray(t?.trailers)) continue;
    t.trailers.forEach((tr: { pattern?: unknown }, i: number) => {
      if (typeof tr?.pattern !== "string") return;
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
  validator ??= loadValidator();
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
