import { ExactNumber, isJsonObject } from "../../records/exactJson.js";
import { canonicalDecimal, compareDecimal, plainFraction, plainInteger } from "./decimal.js";
import {
  anyTemporal,
  compilePattern,
  durationSeconds,
  fromParts,
  isoDate,
  isoDatetime,
  isoTime,
} from "./temporal.js";

/** A Table Schema field as written in the schema file. */
export interface FieldDescriptor {
  name: string;
  type?: string;
  format?: string;
  constraints?: Record<string, unknown>;
  trueValues?: string[];
  falseValues?: string[];
  decimalChar?: string;
  groupChar?: string;
  bareNumber?: boolean;
  missingValues?: unknown[];
  itemType?: string;
  delimiter?: string;
  categories?: unknown[];
}

/**
 * How one field reads a cell: cast() gives the value's canonical text (two cells are the same
 * value when their texts are equal; keys and enums compare these) or null when the cell is not
 * of the type; compare() orders canonical texts (minimum/maximum); length() counts for
 * minLength/maxLength.
 */
export interface Kind {
  cast(v: unknown): string | null;
  compare?(a: string, b: string): number;
  length?(key: string): number;
  /** The type (and format) in words, for messages. */
  describe: string;
  /**
   * Set when the fast CSV path (fastCells.ts) can read this kind's canonical cells in place:
   * a cell it accepts casts to its own text.
   */
  fast?: "integer" | "number" | "string" | "email" | "date";
}

/** "a date", "an integer": a type's name with its article, for messages. */
export const article = (d: string) => `${/^[aeiou]/.test(d) ? "an" : "a"} ${d}`;

/** Every type Table Schema v1 and v2 define. */
export const TYPES = [
  "string",
  "number",
  "integer",
  "boolean",
  "object",
  "array",
  "list",
  "date",
  "time",
  "datetime",
  "year",
  "yearmonth",
  "duration",
  "geopoint",
  "geojson",
  "any",
] as const;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const SURROGATE = /[\uD800-\uDFFF]/;

const codePoints = (s: string) => (SURROGATE.test(s) ? [...s].length : s.length);
const plainText = (v: unknown): string | null =>
  typeof v === "string"
    ? v
    : v instanceof ExactNumber
      ? v.raw
      : typeof v === "number" && Number.isFinite(v)
        ? String(v)
        : null;
const jsonOf = (v: unknown, want: "object" | "array"): unknown => {
  let x = v;
  if (typeof v === "string") {
    try {
      x = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return want === "array" ? (Array.isArray(x) ? x : undefined) : isJsonObject(x) ? x : undefined;
};

function numberKind(f: FieldDescriptor, integer: boolean): Kind {
  const dec = f.decimalChar ?? ".";
  const group = f.groupChar ?? "";
  const bare = f.bareNumber !== false;
  const plain = dec === "." && !group && bare;
  const strip = (t: string) => {
    let s = t;
    if (!bare) s = s.replace(/^[^\d+\-.]+/, "").replace(/[^\d.]+$/, "");
    if (group) s = s.split(group).join("");
    if (dec !== ".") s = s.split(dec).join(".");
    return s;
  };
  return {
    describe: integer ? "integer" : "number",
    fast: plain ? (integer ? "integer" : "number") : undefined,
    cast(v) {
      // A JSON number is an integer by its value (1.0 is 1), as Frictionless reads JSON.
      if (integer && typeof v === "number") return Number.isInteger(v) ? String(v) : null;
      if (integer && v instanceof ExactNumber) return /^-?\d+$/.test(v.canon) ? v.canon : null;
      const t = plainText(v);
      if (t === null) return null;
      const s = plain ? t : strip(t);
      // Most cells are already canonical: no regex, no new string.
      if (plainInteger(s) || (!integer && plainFraction(s))) return s;
      if (integer) {
        if (!INTEGER.test(s)) return null;
        return canonicalDecimal(s);
      }
      if (NUMBER.test(s)) return canonicalDecimal(s);
      if (s === "NaN" || s === "INF" || s === "-INF") return s;
      if (s === "+INF") return "INF";
      return null;
    },
    compare: compareDecimal,
  };
}

function temporalKind(
  kind: "date" | "time" | "datetime",
  format: string,
  problems: string[],
): Kind {
  const iso = kind === "date" ? isoDate : kind === "time" ? isoTime : isoDatetime;
  const describe = format === "default" ? kind : `${kind} (${format})`;
  let read: (s: string) => string | null = iso;
  if (format === "any") read = (s) => anyTemporal(s, kind);
  else if (format !== "default") {
    const p = compilePattern(format.replace(/^fmt:/, ""));
    if (typeof p === "string") problems.push(`format: ${p}`);
    else
      read = (s) => {
        const parts = p.parse(s);
        return parts ? fromParts(parts, kind) : null;
      };
  }
  return {
    describe,
    fast: kind === "date" && format === "default" ? "date" : undefined,
    cast: (v) => (typeof v === "string" ? read(v) : null),
    // ISO dates and times sort as text; datetimes with zones compare as instants.
    compare:
      kind === "datetime"
        ? (a, b) => Date.parse(a) - Date.parse(b) || (a < b ? -1 : a > b ? 1 : 0)
        : (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  };
}

/** How a field reads its cells; problems with the field's own settings go to `problems`. */
export function kindOf(f: FieldDescriptor, problems: string[]): Kind {
  const type = f.type ?? "string";
  const format = f.format ?? "default";
  switch (type) {
    case "string": {
      const rx =
        format === "email"
          ? EMAIL
          : format === "uri"
            ? URI
            : format === "uuid"
              ? UUID
              : format === "binary"
                ? BASE64
                : null;
      if (!rx && format !== "default")
        problems.push(
          `format: "${format}" is not a string format (default, email, uri, uuid, binary)`,
        );
      return {
        describe: format === "default" ? "string" : `string (${format})`,
        fast: format === "default" ? "string" : format === "email" ? "email" : undefined,
        cast: (v) => (typeof v === "string" && (!rx || rx.test(v)) ? v : null),
        length: codePoints,
        compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
      };
    }
    case "number":
      return numberKind(f, false);
    case "integer":
      return numberKind(f, true);
    case "boolean": {
      const yes = new Set(f.trueValues ?? ["true", "True", "TRUE", "1"]);
      const no = new Set(f.falseValues ?? ["false", "False", "FALSE", "0"]);
      return {
        describe: "boolean",
        cast: (v) =>
          typeof v === "boolean"
            ? String(v)
            : typeof v === "string"
              ? yes.has(v)
                ? "true"
                : no.has(v)
                  ? "false"
                  : null
              : null,
      };
    }
    case "object":
    case "array": {
      return {
        describe: type,
        cast: (v) => {
          const x = jsonOf(v, type);
          return x === undefined ? null : typeof v === "string" ? v : JSON.stringify(x);
        },
        length: (key) => {
          const x = JSON.parse(key);
          return Array.isArray(x) ? x.length : Object.keys(x).length;
        },
      };
    }
    case "list": {
      const delim = f.delimiter ?? ",";
      const item = kindOf({ name: f.name, type: f.itemType ?? "string" }, problems);
      return {
        describe: `list of ${item.describe}`,
        cast: (v) => {
          const items = Array.isArray(v)
            ? v
            : typeof v === "string"
              ? v === ""
                ? []
                : v.split(delim)
              : null;
          if (!items) return null;
          const keys = items.map((x) => item.cast(x));
          return keys.includes(null) ? null : JSON.stringify(keys);
        },
        length: (key) => (JSON.parse(key) as unknown[]).length,
      };
    }
    case "date":
    case "time":
    case "datetime":
      return temporalKind(type, format, problems);
    case "year":
      return {
        describe: "year",
        cast: (v) => {
          const t = plainText(v);
          return t !== null && /^-?\d{4}$/.test(t) ? String(Number(t)) : null;
        },
        compare: (a, b) => Number(a) - Number(b),
      };
    case "yearmonth":
      return {
        describe: "yearmonth",
        cast: (v) => {
          const t =
            Array.isArray(v) && v.length === 2 ? `${v[0]}-${String(v[1]).padStart(2, "0")}` : v;
          const m = typeof t === "string" ? /^(\d{4})-(\d{2})$/.exec(t) : null;
          return m && +m[2] >= 1 && +m[2] <= 12 ? (t as string) : null;
        },
        compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
      };
    case "duration":
      return {
        describe: "duration",
        cast: (v) => (typeof v === "string" && durationSeconds(v) !== null ? v : null),
        compare: (a, b) => (durationSeconds(a) ?? 0) - (durationSeconds(b) ?? 0),
      };
    case "geopoint":
      return geopointKind(format);
    case "geojson":
      // The geometry itself is not checked (no GeoJSON/TopoJSON validator): a JSON object with
      // a "type" member passes.
      return {
        describe: "geojson",
        cast: (v) => {
          const x = jsonOf(v, "object") as { type?: unknown } | undefined;
          return x && typeof x.type === "string" ? JSON.stringify(x) : null;
        },
      };
    case "any":
      return {
        describe: "any",
        cast: (v) =>
          typeof v === "string" ? v : JSON.stringify(v instanceof ExactNumber ? v.canon : v),
      };
    default:
      problems.push(`type: "${type}" is not a Table Schema type (${TYPES.join(", ")})`);
      return { describe: type, cast: (v) => (typeof v === "string" ? v : JSON.stringify(v)) };
  }
}

function geopointKind(format: string): Kind {
  const ok = (lon: unknown, lat: unknown) =>
    typeof lon === "number" &&
    typeof lat === "number" &&
    Math.abs(lon) <= 180 &&
    Math.abs(lat) <= 90
      ? `${lon},${lat}`
      : null;
  return {
    describe: `geopoint (${format})`,
    cast: (v) => {
      if (format === "array") {
        const a = jsonOf(v, "array") as unknown[] | undefined;
        return a && a.length === 2 ? ok(a[0], a[1]) : null;
      }
      if (format === "object") {
        const o = jsonOf(v, "object") as { lon?: unknown; lat?: unknown } | undefined;
        return o ? ok(o.lon, o.lat) : null;
      }
      const m =
        typeof v === "string" ? /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(v) : null;
      return m ? ok(Number(m[1]), Number(m[2])) : null;
    },
  };
}
