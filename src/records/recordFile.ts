import { InputError } from "../io/errors.js";
import { recMsg } from "../io/messages/recordFile.js";
import { parseCsv } from "./csv.js";
import { ExactNumber, NestingError } from "./exactJson.js";
import { jsonRecord } from "./identity.js";
import { splitLines } from "./lines.js";

/** How a file's bytes became text: UTF-8 when valid, else Latin-1 (one char per byte). */
export type TextEncoding = "utf8" | "latin1";

/** One record of a data file: its exact text, its ending, its identity and first line. */
export interface FileRecord {
  body: string;
  eol: string;
  /** Identity: key fields, else the whole record (CSV fields, canonical exact JSON). */
  id: string;
  line: number;
  /** CSV fields (header excluded), RFC 4180 unquoted. */
  fields?: string[];
  /** JSON Lines value, numbers as ExactNumber where a double would change them. */
  value?: unknown;
}

/** A CSV/TSV or JSON Lines file read the way the merge drivers read it. */
export interface RecordFile {
  encoding: TextEncoding;
  /** Text starts with a UTF-8 byte order mark (kept in the header's body, not its names). */
  bom: boolean;
  /** CSV header: its exact text and column names; null for JSON Lines or an empty file. */
  header: { body: string; eol: string; names: string[] } | null;
  records: FileRecord[];
}

/** Bytes as text, reversibly: valid UTF-8 decodes as UTF-8, anything else byte for byte. */
export function decodeBytes(buf: Buffer): { text: string; encoding: TextEncoding } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "utf8" };
  } catch {
    return { text: buf.toString("latin1"), encoding: "latin1" };
  }
}

/** Text back to the bytes it was decoded from. */
export const encodeText = (text: string, encoding: TextEncoding): Buffer =>
  Buffer.from(text, encoding);

/** True for the paths read as CSV/TSV rather than JSON Lines. */
export const isCsvPath = (path: string): boolean => /\.(csv|tsv)$/i.test(path);

/** The delimiter of a CSV/TSV path. */
export const delimiterOf = (path: string): string => (/\.tsv$/i.test(path) ? "\t" : ",");

/**
 * Read a data file's records: CSV/TSV with RFC 4180 quoting (a quoted field may span lines),
 * JSON Lines with exact numbers; every JSON Lines record must be an object. `key` names the
 * identity fields (columns). A bad record is an InputError naming `source` and its line.
 */
export function readRecordFile(
  buf: Buffer,
  path: string,
  source: string,
  key?: string[],
): RecordFile {
  const { text: raw, encoding } = decodeBytes(buf);
  const bom = encoding === "utf8" && raw.charCodeAt(0) === 0xfeff;
  const text = bom ? raw.slice(1) : raw;
  if (isCsvPath(path)) return readCsv(text, path, source, key, encoding, bom);
  const records: FileRecord[] = [];
  for (const l of splitLines(text)) {
    if (l.text.trim() === "") continue;
    let r: ReturnType<typeof jsonRecord>;
    try {
      r = jsonRecord(l.text, key?.length ? key : undefined);
    } catch (e) {
      const why =
        e instanceof NestingError ? e.message : `not valid JSON (${(e as Error).message})`;
      throw new InputError(recMsg.badLine(source, l.line, why));
    }
    const kind = jsonKind(r.value);
    if (kind !== "object") throw new InputError(recMsg.notRecord(source, l.line, kind));
    records.push({ body: l.text, eol: l.eol, id: r.id, line: l.line, value: r.value });
  }
  return { encoding, bom, header: null, records };
}

/** "object", "array", "string", "number", "boolean" or "null" for a parsed JSON value. */
export function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof ExactNumber) return "number";
  if (typeof v === "object") return "object";
  return typeof v;
}

function readCsv(
  text: string,
  path: string,
  source: string,
  key: string[] | undefined,
  encoding: TextEncoding,
  bom: boolean,
): RecordFile {
  const { rows, problem } = parseCsv(text, delimiterOf(path));
  if (problem) throw new InputError(recMsg.badLine(source, problem.line, problem.message));
  const nonBlank = rows.filter((r) => r.body.trim() !== "");
  const [head, ...body] = nonBlank;
  if (!head) return { encoding, bom, header: null, records: [] };
  const names = head.fields;
  const idx = key?.length ? key.map((k) => names.indexOf(k)) : null;
  const useKey = idx?.every((i) => i >= 0) ? idx : null;
  const records = body.map((r): FileRecord => {
    if (r.fields.length !== names.length)
      throw new InputError(recMsg.width(source, r.line, r.fields.length, names.length));
    const id = JSON.stringify(useKey ? useKey.map((i) => r.fields[i]) : r.fields);
    return { body: r.body, eol: r.eol, id, line: r.line, fields: r.fields };
  });
  return { encoding, bom, header: { body: head.body, eol: head.eol, names }, records };
}

/**
 * Why a parsed JSON Lines value is not a record (an array, a string, a number...), or null for
 * an object: tag, promote, merges and schemas all read a record's fields.
 */
export function notARecord(value: unknown): string | null {
  const kind = jsonKind(value);
  return kind === "object"
    ? null
    : `is a JSON ${kind}, not a record: each line of a JSON Lines file is one object ({"id": 1, ...})`;
}
