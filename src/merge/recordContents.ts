import { parseCsv } from "../records/csv.js";
import { readJson } from "../records/exactJson.js";
import { canonicalJson } from "../records/identity.js";
import { parseJsonl } from "../records/jsonl.js";
import type { AppendingDriver } from "./driverOf.js";

/** A file's records as the driver identifies them: identity -> the lines of its copies. */
export interface RecordCounts {
  copies: Map<string, number[]>;
  /** A CSV file's header (its columns by name); null for the other formats. */
  columns: string[] | null;
}

/** How to identify records: `key` fields, and for CSV the columns rows are compared on, by name. */
export interface IdentityOptions {
  key?: string[];
  columns?: string[];
}

function add(copies: Map<string, number[]>, id: string, line: number): void {
  const at = copies.get(id);
  if (at) at.push(line);
  else copies.set(id, [line]);
}

/**
 * Every record of a file with the merge drivers' identity (canonical JSON with exact numbers,
 * CSV rows by column name, `key` fields when given), its copies counted; null when the file
 * cannot be read as such. A CSV row laid on `columns`: a column it lacks is an empty cell, as
 * the csv driver fills it.
 */
export function recordContents(
  driver: AppendingDriver,
  path: string,
  buf: Buffer,
  opts: IdentityOptions = {},
): RecordCounts | null {
  if (buf.includes(0)) return null;
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  const copies = new Map<string, number[]>();
  if (driver === "jsonl") {
    const p = parseJsonl(text, "theirs", opts.key);
    if (p.problems.length) return null;
    for (const r of p.recs) add(copies, r.id, r.line);
    return { copies, columns: null };
  }
  if (driver === "lines") {
    for (const [i, l] of text.split("\n").entries()) {
      const content = l.replace(/\r$/, "");
      if (content.trim() !== "") add(copies, content, i + 1);
    }
    return { copies, columns: null };
  }
  if (driver === "csv") {
    const p = parseCsv(text, /\.tsv$/i.test(path) ? "\t" : ",");
    if (p.problem) return null;
    const rows = p.rows.filter((r) => r.body.trim() !== "");
    const header = rows[0]?.fields ?? [];
    const keyIdx = opts.key?.map((k) => header.indexOf(k));
    const byKey = keyIdx && !keyIdx.some((i) => i < 0) ? keyIdx : null;
    const at = (opts.columns ?? header).map((c) => header.indexOf(c));
    for (const r of rows.slice(1)) {
      const fields = byKey ?? at;
      add(copies, JSON.stringify(fields.map((i) => (i < 0 ? "" : (r.fields[i] ?? "")))), r.line);
    }
    return { copies, columns: header };
  }
  try {
    const v = readJson(text);
    // Only arrays append; objects merge key by key and may lose keys on purpose.
    if (!Array.isArray(v)) return null;
    for (const [i, x] of v.entries()) add(copies, canonicalJson(x), i + 1);
    return { copies, columns: null };
  } catch {
    return null;
  }
}
