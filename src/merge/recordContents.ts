import { parseCsv } from "../records/csv.js";
import { readJson } from "../records/exactJson.js";
import { canonicalJson } from "../records/identity.js";
import { parseJsonl } from "../records/jsonl.js";
import type { AppendingDriver } from "./driverOf.js";

/** Every record of a file as canonical text with its line, or null when it cannot be read as such. */
export function recordContents(
  driver: AppendingDriver,
  path: string,
  buf: Buffer,
  key?: string[],
): { content: string; line: number }[] | null {
  if (buf.includes(0)) return null;
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  if (driver === "jsonl") {
    const p = parseJsonl(text, "theirs", key);
    return p.problems.length ? null : p.recs.map((r) => ({ content: r.id, line: r.line }));
  }
  if (driver === "lines")
    return text
      .split("\n")
      .map((l, i) => ({ content: l.replace(/\r$/, ""), line: i + 1 }))
      .filter((l) => l.content.trim() !== "");
  if (driver === "csv") {
    const p = parseCsv(text, /\.tsv$/i.test(path) ? "\t" : ",");
    if (p.problem) return null;
    const idx = key?.map((k) => p.rows[0]?.fields.indexOf(k) ?? -1);
    if (idx && !idx.some((i) => i < 0))
      return p.rows
        .slice(1)
        .map((r) => ({ content: JSON.stringify(idx.map((i) => r.fields[i])), line: r.line }));
    return p.rows
      .filter((r) => r.body.trim() !== "")
      .map((r) => ({ content: JSON.stringify(r.fields), line: r.line }));
  }
  try {
    const v = readJson(text);
    // Only arrays append; objects merge key by key and may lose keys on purpose.
    return Array.isArray(v) ? v.map((x, i) => ({ content: canonicalJson(x), line: i + 1 })) : null;
  } catch {
    return null;
  }
}
