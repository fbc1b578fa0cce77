import { parseCsvLine, splitLines } from "../../data/csv.js";
import { flatField, NOT_FLAT } from "../../data/flatField.js";
import type { DataFormat } from "../../data/format.js";
import { InputError } from "../../errors.js";
import { idText } from "./assign.js";

/** A data file's lines with the id of each record (the CSV header kept apart). */
export interface KeyedLines {
  header: string | null;
  lines: string[];
  ids: string[];
}

function missingKey(source: string, line: number, key: string[], fields?: string[]): InputError {
  return new InputError(
    fields
      ? `mlbranch: ${source} has no column ${key.filter((k) => !fields.includes(k)).join(", ")} (columns: ${fields.join(", ")}); pass --key with the record id column.`
      : `mlbranch: ${source}:${line} has no value for the key ${key.join(", ")}; every record needs an id (or pass --key with another field).`,
  );
}

/** Read each record's id by the key fields; blank lines are dropped. */
export function recordIds(
  text: string,
  format: DataFormat,
  key: string[],
  source: string,
): KeyedLines {
  const all = splitLines(text);
  const lines: string[] = [];
  const ids: string[] = [];
  if (format === "jsonl") {
    for (let i = 0; i < all.length; i++) {
      const line = all[i];
      if (!line.trim()) continue;
      // Flat lines are read by a checking scanner; anything else by JSON.parse.
      const fast = key.length === 1 ? flatField(line, key[0]) : NOT_FLAT;
      let id: string | null;
      if (fast !== NOT_FLAT) id = fast === undefined || fast === "" ? null : fast;
      else {
        let rec: Record<string, unknown>;
        try {
          rec = JSON.parse(line);
        } catch (e) {
          throw new InputError(
            `mlbranch: ${source}:${i + 1} is not valid JSON (${(e as Error).message}); each line must be one JSON object.`,
          );
        }
        id = rec && typeof rec === "object" ? idText(key.map((k) => rec[k])) : null;
      }
      if (id === null) throw missingKey(source, i + 1, key);
      lines.push(line);
      ids.push(id);
    }
    return { header: null, lines, ids };
  }
  if (!all.length) return { header: null, lines, ids };
  const sep = format === "tsv" ? "\t" : ",";
  const header = all[0];
  const fields = parseCsvLine(header.replace(/^\uFEFF/, ""), sep);
  const at = key.map((k) => fields.indexOf(k));
  if (at.some((i) => i < 0)) throw missingKey(source, 1, key, fields);
  const simple = at.length === 1 && !header.includes('"');
  for (let i = 1; i < all.length; i++) {
    const line = all[i];
    if (!line) continue;
    let f: string[];
    try {
      f = simple && !line.includes('"') ? line.split(sep, at[0] + 1) : parseCsvLine(line, sep);
    } catch (e) {
      throw new InputError(`mlbranch: ${source}:${i + 1}: ${(e as Error).message}.`);
    }
    const id = idText(at.map((j) => f[j]));
    if (id === null) throw missingKey(source, i + 1, key);
    lines.push(line);
    ids.push(id);
  }
  return { header, lines, ids };
}
