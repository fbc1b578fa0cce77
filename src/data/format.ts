import { InputError } from "../io/errors.js";
import { tableMsg } from "../io/messages/tables.js";

/** Record formats mlbranch reads as rows: JSON Lines or CSV (comma) / TSV (tab). */
export type DataFormat = "jsonl" | "csv" | "tsv";

/** The format a path's extension names, or null when it is not a row format. */
export function formatOf(path: string): DataFormat | null {
  const p = path.toLowerCase();
  if (p.endsWith(".jsonl") || p.endsWith(".ndjson")) return "jsonl";
  if (p.endsWith(".csv")) return "csv";
  if (p.endsWith(".tsv")) return "tsv";
  return null;
}

/** formatOf, or an InputError naming the file and the formats that work. */
export function requireFormat(path: string): DataFormat {
  const f = formatOf(path);
  if (!f) {
    throw new InputError(tableMsg.unknownFormat(path));
  }
  return f;
}
