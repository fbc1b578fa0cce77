import { ExactNumber, MAX_DEPTH, NestingError, readJson } from "./exactJson.js";

/**
 * JSON with object keys sorted and no whitespace: equal records give equal text. Numbers are
 * written by their decimal value (ExactNumber's canonical text), so 1.0 and 1 are one spelling
 * while 9007199254740993 and 9007199254740992 stay two. Throws NestingError past MAX_DEPTH.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (value instanceof ExactNumber) return value.canon;
  if (depth > MAX_DEPTH) throw new NestingError();
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  // Flat records (the usual metrics line): one native stringify with the keys in sorted order.
  // "__proto__" cannot be set as a plain own key by assignment: it takes the generic path.
  let flat = !("__proto__" in obj && Object.hasOwn(obj, "__proto__"));
  for (const k of keys) {
    const x = obj[k];
    if (flat && x !== null && typeof x === "object") {
      flat = false;
      break;
    }
  }
  if (flat) {
    const sorted: Record<string, unknown> = {};
    for (const k of keys) sorted[k] = obj[k];
    return JSON.stringify(sorted);
  }
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    if (i) out += ",";
    out += `${JSON.stringify(keys[i])}:${canonicalJson(obj[keys[i]], depth + 1)}`;
  }
  return `${out}}`;
}

/** A record's identity: its key fields' canonical values, or the canonical record itself. */
export function identityOf(value: unknown, content: string, key: string[] | undefined): string {
  if (!key?.length || value === null || typeof value !== "object" || Array.isArray(value))
    return content;
  const obj = value as Record<string, unknown>;
  // A record without its key fields is identified by its whole content, never merged with others.
  if (!key.every((k) => k in obj)) return content;
  return canonicalJson(key.map((k) => obj[k]));
}

/** One JSON record's value, canonical content and identity, exact for every number. */
export function jsonRecord(
  text: string,
  key: string[] | undefined,
): { value: unknown; content: string; id: string } {
  const value = readJson(text);
  const content = canonicalJson(value);
  return { value, content, id: identityOf(value, content, key) };
}
