import { ExactNumber, isJsonObject } from "../../records/exactJson.js";
import { readInto, type TableText } from "./refKeys.js";
import { JsonLineError, RowReader } from "./rowReader.js";
import { isoDate, isoDatetime, isoTime } from "./temporal.js";
import type { TableFormat } from "./types.js";

// Types tried from the narrowest; a column takes the first one every present value fits.
const CANDIDATES: [string, (v: unknown) => boolean][] = [
  [
    "integer",
    (v) =>
      (typeof v === "number" ? Number.isInteger(v) : typeof v === "string" && /^-?\d+$/.test(v)) ||
      (v instanceof ExactNumber && /^-?\d+$/.test(v.raw)),
  ],
  [
    "number",
    (v) =>
      typeof v === "number" ||
      v instanceof ExactNumber ||
      (typeof v === "string" && /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(v)),
  ],
  [
    "boolean",
    (v) =>
      typeof v === "boolean" ||
      (typeof v === "string" && /^(true|false|True|False|TRUE|FALSE)$/.test(v)),
  ],
  ["date", (v) => typeof v === "string" && isoDate(v) !== null],
  ["datetime", (v) => typeof v === "string" && isoDatetime(v) !== null],
  ["time", (v) => typeof v === "string" && isoTime(v) !== null],
  ["object", (v) => isJsonObject(v)],
  ["array", (v) => Array.isArray(v)],
  ["string", (v) => typeof v === "string"],
  ["any", () => true],
];
const ENUM_MAX = 10;

interface Column {
  name: string;
  type: number;
  missing: number;
  present: number;
  distinct: Set<string> | null;
}

/** A starting Table Schema for a table: types, required where no value is missing, enums for few strings. */
export function inferSchema(
  src: TableText,
  format: TableFormat,
): { schema: object; rows: number; problem: string | null } {
  const cols: Column[] = [];
  const byName = new Map<string, Column>();
  let rows = 0;
  let problem: string | null = null;
  const column = (name: string) => {
    let c = byName.get(name);
    if (!c) {
      c = { name, type: 0, missing: rows, present: 0, distinct: new Set() };
      cols.push(c);
      byName.set(name, c);
    }
    return c;
  };
  const see = (c: Column, v: unknown) => {
    if (v === null || v === undefined || v === "") {
      c.missing++;
      return;
    }
    c.present++;
    while (!CANDIDATES[c.type][1](v)) c.type++;
    if (c.distinct && typeof v === "string") {
      c.distinct.add(v);
      if (c.distinct.size > ENUM_MAX) c.distinct = null;
    }
  };
  let header: Column[] | null = null;
  const reader = new RowReader(format, {
    csvRow(cells) {
      if (!header) {
        header = cells.map((n) => column(n));
        return;
      }
      rows++;
      header.forEach((c, i) => {
        see(c, cells[i]);
      });
    },
    jsonRow(v) {
      if (v === undefined || v instanceof JsonLineError || !isJsonObject(v)) return;
      rows++;
      const rec = v as Record<string, unknown>;
      for (const k of Object.keys(rec)) column(k);
      for (const c of cols) see(c, rec[c.name]);
    },
    sourceError(message) {
      problem = message;
    },
  });
  readInto(src, reader);
  const fields = cols.map((c) => {
    const type = c.present ? CANDIDATES[c.type][0] : "string";
    const constraints: Record<string, unknown> = {};
    if (!c.missing && rows) constraints.required = true;
    if (type === "string" && c.distinct && c.distinct.size && c.distinct.size * 2 <= c.present)
      constraints.enum = [...c.distinct].sort();
    return { name: c.name, type, ...(Object.keys(constraints).length ? { constraints } : {}) };
  });
  return {
    schema: {
      $schema: "https://datapackage.org/profiles/2.0/tableschema.json",
      fields,
      missingValues: [""],
    },
    rows,
    problem,
  };
}
