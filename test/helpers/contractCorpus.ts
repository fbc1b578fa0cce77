import type { TableFormat } from "../../src/quality/contracts/types.js";

/** A table as cells: the header first; a row is its cells (null: a blank row). */
export interface CorpusTable {
  header: string[];
  rows: (string[] | null)[];
  /** Field types, so the JSON Lines version writes numbers and booleans natively. */
  types: Record<string, string>;
}

const quote = (v: string, d: string) =>
  v.includes(d) || v.includes('"') || v.includes("\n") ? `"${v.replaceAll('"', '""')}"` : v;

function native(v: string, type: string | undefined): unknown {
  if (v === "") return null;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (type === "boolean" && (v === "true" || v === "false")) return v === "true";
  if (type === "object" || type === "array") {
    try {
      const x = JSON.parse(v);
      if (type === "array" ? Array.isArray(x) : x && typeof x === "object" && !Array.isArray(x))
        return x;
    } catch {}
  }
  return v;
}

/**
 * The same table as CSV, TSV or JSON Lines (one record per line, line n = row n + 1, a blank
 * row a blank line; a missing cell an absent key; an extra cell the key "extra").
 */
export function corpusText(t: CorpusTable, format: TableFormat): string {
  if (format !== "jsonl") {
    const d = format === "tsv" ? "\t" : ",";
    const line = (cells: string[]) => cells.map((c) => quote(c, d)).join(d);
    return `${[line(t.header), ...t.rows.map((r) => (r ? line(r) : d.repeat(t.header.length - 1)))].join("\n")}\n`;
  }
  return `${t.rows
    .map((r) => {
      if (!r) return "";
      const rec: Record<string, unknown> = {};
      r.forEach((v, i) => {
        const name = i < t.header.length ? t.header[i] : "extra";
        rec[name] = native(v, t.types[name]);
      });
      return JSON.stringify(rec);
    })
    .join("\n")}\n`;
}
