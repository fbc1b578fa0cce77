import { parseCsv } from "../records/csv.js";
import { splitLines } from "../records/lines.js";
import { decodeBytes, delimiterOf, notARecord } from "../records/recordFile.js";

/** Problems reported per file before the rest are left unsaid. */
export const MAX_PROBLEMS = 5;

/**
 * A JSON Lines file's lines as the records reader reads them (bytes that are not UTF-8 kept as
 * Latin-1, never U+FFFD; a trailing \r dropped): each value, or why it is not a record.
 */
export function* jsonlValues(
  buf: Buffer,
): Generator<{ line: number; value: unknown } | { line: number; problem: string }> {
  for (const l of splitLines(decodeBytes(buf).text.replace(/^\uFEFF/, ""))) {
    if (!l.text.trim()) continue;
    let value: unknown;
    try {
      // The native parser: a JSON Schema validator reads numbers as numbers.
      value = JSON.parse(l.text);
    } catch (e) {
      yield { line: l.line, problem: `is not valid JSON: ${(e as Error).message}` };
      continue;
    }
    const why = notARecord(value);
    yield why ? { line: l.line, problem: why } : { line: l.line, value };
  }
}

/**
 * Why a CSV/TSV file is not what the merge drivers, pull-data and drift read (RFC 4180 quoting,
 * a quoted field may span lines; every record as wide as the header): up to MAX_PROBLEMS lines.
 */
export function csvProblems(buf: Buffer, path: string): string[] {
  const { rows, problem } = parseCsv(
    decodeBytes(buf).text.replace(/^\uFEFF/, ""),
    delimiterOf(path),
  );
  const out: string[] = [];
  let width: number | undefined;
  for (const r of rows) {
    if (r.body.trim() === "") continue;
    if (width === undefined) width = r.fields.length;
    else if (r.fields.length !== width && out.length < MAX_PROBLEMS)
      out.push(
        `line ${r.line} has ${r.fields.length} fields, but the header has ${width}: quote a field holding the delimiter ("a,b") or fix the row`,
      );
  }
  if (problem && out.length < MAX_PROBLEMS) out.push(`line ${problem.line}: ${problem.message}`);
  return out;
}
