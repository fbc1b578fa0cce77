import type { Parsed } from "../records/jsonl.js";
import { blankRecord, isMarkerLine, splitLines } from "../records/lines.js";
import { fastAppend } from "./fastAppend.js";
import { mergeLineRecords } from "./jsonlDriver.js";
import type { LineMatcher } from "./jsonlMatcher.js";
import { eachLine } from "./lineStream.js";
import type { ContentDriver } from "./runDriver.js";
import type { ParseProblem, Rec } from "./types.js";

/** Plain line logs (MLflow metric files): a line is a record and is its own identity. */
export function parseLines(text: string, side: ParseProblem["side"], ..._rest: unknown[]): Parsed {
  const out: Parsed = { recs: [], values: [], problems: [] };
  for (const l of splitLines(text)) {
    if (l.text.trim() === "") {
      if (side === "ours") out.recs.push(blankRecord(l));
      continue;
    }
    if (side === "base" && isMarkerLine(l.text)) continue;
    out.recs.push({ body: l.text, eol: l.eol, id: l.text, content: l.text, line: l.line });
  }
  return out;
}

/**
 * A line is its identity: a prefix line is a wanted record when its text is one. The pre-sieve
 * decodes only lines of a wanted record's byte length (with or without a "\r").
 */
function linesMatcher(wanted: Rec[]): LineMatcher {
  const byBody = new Map(wanted.map((r) => [r.body, r]));
  const match: LineMatcher = (text) => byBody.get(text);
  const lengths = new Set(wanted.map((r) => Buffer.byteLength(r.body)));
  match.candidates = (bytes, line) =>
    eachLine(bytes, (a, e) => {
      const n = bytes[e - 1] === 13 ? e - 1 - a : e - a;
      return !lengths.has(n) || line(a, e);
    });
  return match;
}

/** The lines merge driver: ordered append of theirs' new lines, copies counted. */
export const linesDriver: ContentDriver = {
  name: "mlbranch-lines",
  merge: (input) => mergeLineRecords(input, parseLines, false),
  fast: (args, settings, opts) => fastAppend(args, settings, opts, parseLines, linesMatcher),
};
