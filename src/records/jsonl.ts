import { isUtf8 } from "node:buffer";
import { NestingError, needsExact } from "./exactJson.js";
import { jsonRecord } from "./identity.js";
import { blankRecord, isMarkerLine, splitLines } from "./lines.js";
import type { ParseProblem, Rec } from "./types.js";

/** Parsed records of one side, and what could not be parsed. */
export interface Parsed {
  recs: Rec[];
  values: { line: number; value: unknown }[];
  problems: ParseProblem[];
}

/** Why a text is not data at all (NUL bytes, invalid UTF-8), or null. */
export function binaryProblem(buf: Buffer): { line: number; message: string } | null {
  const nul = buf.indexOf(0);
  if (nul !== -1) return { line: lineAt(buf, nul), message: "contains a NUL byte (binary data)" };
  // node:buffer's isUtf8 validates without making the string (Node 18.14+).
  if (!isUtf8(buf))
    return { line: lineAt(buf, firstBadUtf8(buf)), message: "is not valid UTF-8 text" };
  return null;
}

// Binary search for the first prefix that does not decode: only runs on a broken file.
function firstBadUtf8(buf: Buffer): number {
  let lo = 0;
  let hi = buf.length;
  const ok = (n: number) => !buf.subarray(0, n).toString("utf8").slice(0, -1).includes("\uFFFD");
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineAt(buf: Buffer, pos: number): number {
  let n = 1;
  for (let i = buf.indexOf(10); i !== -1 && i < pos; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** JSON Lines: one record per non-blank line; identity by `key` fields or canonical JSON. */
export function parseJsonl(
  text: string,
  side: ParseProblem["side"],
  key: string[] | undefined,
  keepValues = false,
  seen: Map<string, { id: string; content: string }> = new Map(),
): Parsed {
  const out: Parsed = { recs: [], values: [], problems: [] };
  for (const l of splitLines(text)) {
    if (l.text.trim() === "") {
      // ours' blank lines stay where they are; elsewhere they carry no record.
      if (side === "ours") out.recs.push(blankRecord(l));
      continue;
    }
    if (side === "base" && isMarkerLine(l.text)) continue;
    // The three versions share most lines byte for byte: parse each distinct line once.
    const known = keepValues ? undefined : seen.get(l.text);
    if (known) {
      out.recs.push({
        body: l.text,
        eol: l.eol,
        id: known.id,
        content: known.content,
        line: l.line,
      });
      continue;
    }
    let r: ReturnType<typeof jsonRecord>;
    try {
      r = jsonRecord(l.text, key);
    } catch (e) {
      out.problems.push({
        side,
        line: l.line,
        message:
          e instanceof NestingError
            ? (e as Error).message
            : `not valid JSON (${(e as Error).message})`,
      });
      continue;
    }
    const { value, content, id } = r;
    seen.set(l.text, { id, content });
    out.recs.push({ body: l.text, eol: l.eol, id, content, line: l.line });
    // A schema checks plain JSON values: numbers as doubles, as every validator reads them.
    if (keepValues)
      out.values.push({ line: l.line, value: needsExact(l.text) ? JSON.parse(l.text) : value });
  }
  return out;
}
