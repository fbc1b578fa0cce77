import { flatField, hit, NOT_FLAT, scanFlat } from "../../data/flatField.js";
import type { DataFormat } from "../../data/format.js";
import { hash53, hash53Range } from "../../data/hash.js";
import { InputError } from "../../io/errors.js";
import { tableMsg } from "../../io/messages/tables.js";
import { parseCsv } from "../../records/csv.js";
import { canonicalNumber, ExactNumber, needsExact, parseExact } from "../../records/exactJson.js";
import { idText } from "./assign.js";

/** A data file's records as [start, end) spans of the text, with the id of each. */
export interface KeyedLines {
  /** The CSV header line (without its newline), null for JSONL. */
  header: string | null;
  starts: number[];
  ends: number[];
  ids: string[];
  /** With a salt: splitHash of each id instead of the ids (ids is then empty). */
  hashes: number[];
}

function missingKey(source: string, line: number, key: string[], fields?: string[]): InputError {
  return new InputError(
    fields
      ? tableMsg.noKeyColumn(
          source,
          key.filter((k) => !fields.includes(k)),
          fields,
        )
      : tableMsg.noKeyValue(source, line, key),
  );
}

function jsonId(
  text: string,
  start: number,
  end: number,
  key: string[],
  source: string,
  no: number,
): string | null {
  // Flat lines are read in place by a checking scanner; anything else by JSON.parse.
  const fast = key.length === 1 ? flatField(text, key[0], start, end) : NOT_FLAT;
  if (fast !== NOT_FLAT) return fast === undefined || fast === "" ? null : fast;
  const line = text.slice(start, end);
  if (!line.trim()) return "";
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line);
  } catch (e) {
    throw new InputError(tableMsg.notJsonLine(source, no, (e as Error).message));
  }
  // Numbers past a double's precision keep their decimal value: two ids never become one.
  let exact: Record<string, unknown> | null = null;
  try {
    if (needsExact(line)) exact = parseExact(line) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(tableMsg.notJsonLine(source, no, (e as Error).message));
  }
  const val = (k: string) => {
    const v = exact ? exact[k] : rec[k];
    // As flatField reads it: a number's id is its decimal text.
    return v instanceof ExactNumber ? v.canon : v;
  };
  return rec && typeof rec === "object" ? idText(key.map(val)) : null;
}

// A number's id is its exact decimal text, as flatField and the nested path read it: a 64-bit
// id is never rounded to its neighbour's double.
const numberId = (t: string) => (t.length <= 15 ? String(Number(t)) : canonicalNumber(t));

/** Read each record's id by the key fields; blank lines are dropped, a trailing \r too. */
export function recordIds(
  text: string,
  format: DataFormat,
  key: string[],
  source: string,
  salt?: string,
  /** Lines before this text (a piece of a streamed file): added to every line number reported. */
  lineBase = 0,
): KeyedLines {
  const hashes: number[] = [];
  const prefix = `${salt}\u0000`;
  const keep = (id: string) => {
    if (salt === undefined) ids.push(id);
    else hashes.push(hash53(prefix, 0, id));
  };
  const starts: number[] = [];
  const ends: number[] = [];
  const ids: string[] = [];
  let header: string | null = null;
  let at: number[] = [];
  let sep = ",";
  let simple = false;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // A quoted CSV field may hold a newline: such a file is read record by record (RFC 4180).
  if (format !== "jsonl" && text.includes('"')) {
    const { rows, problem } = parseCsv(text.slice(pos), format === "tsv" ? "\t" : ",");
    if (problem)
      throw new InputError(tableMsg.badLine(source, problem.line + lineBase, problem.message));
    for (const r of rows) {
      const start = pos;
      pos += r.body.length + r.eol.length;
      if (header === null) {
        header = r.body;
        at = key.map((k) => r.fields.indexOf(k));
        if (at.some((i) => i < 0)) throw missingKey(source, 1, key, r.fields);
        continue;
      }
      if (r.body.trim() === "") continue;
      const id = idText(at.map((j) => r.fields[j]));
      if (id === null) throw missingKey(source, r.line + lineBase, key);
      starts.push(start);
      ends.push(start + r.body.length);
      keep(id);
    }
    return { header, starts, ends, ids, hashes };
  }
  for (let no = 1; pos < text.length; no++) {
    let nl = text.indexOf("\n", pos);
    if (nl < 0) nl = text.length;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const start = pos;
    pos = nl + 1;
    if (format === "jsonl") {
      // Fast path for split: hash a flat line's id where it stands, no strings made.
      if (salt !== undefined && key.length === 1) {
        const r = scanFlat(text, key[0], start, end);
        if (r !== NOT_FLAT) {
          if (!r || hit.start === hit.end) throw missingKey(source, no + lineBase, key);
          hashes.push(
            hit.kind === 34
              ? hash53Range(prefix, text, hit.start, hit.end)
              : hash53(prefix, 0, numberId(text.slice(hit.start, hit.end))),
          );
          starts.push(start);
          ends.push(end);
          continue;
        }
      }
      const id = jsonId(text, start, end, key, source, no + lineBase);
      if (id === "") continue; // a blank line
      if (id === null) throw missingKey(source, no + lineBase, key);
      starts.push(start);
      ends.push(end);
      keep(id);
      continue;
    }
    const line = text.slice(start, end);
    if (header === null) {
      header = line;
      sep = format === "tsv" ? "\t" : ",";
      // No quote in the whole text (quoted files took the RFC 4180 path above): a plain split.
      const fields = line.split(sep);
      at = key.map((k) => fields.indexOf(k));
      if (at.some((i) => i < 0)) throw missingKey(source, 1, key, fields);
      simple = at.length === 1;
      continue;
    }
    if (!line) continue;
    const f = simple ? line.split(sep, at[0] + 1) : line.split(sep);
    const id = idText(at.map((j) => f[j]));
    if (id === null) throw missingKey(source, no + lineBase, key);
    starts.push(start);
    ends.push(end);
    keep(id);
  }
  return { header, starts, ends, ids, hashes };
}
