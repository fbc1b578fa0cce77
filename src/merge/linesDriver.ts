import type { Parsed } from "../records/jsonl.js";
import { blankRecord, isMarkerLine, splitLines } from "../records/lines.js";
import { fastAppend } from "./fastAppend.js";
import { mergeLineRecords } from "./jsonlDriver.js";
import type { LineMatcher } from "./jsonlMatcher.js";
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

// A line is its identity, and fastAppend already looks each line up by its exact text.
const linesMatcher =
  (_wanted: Rec[]): LineMatcher =>
  () =>
    undefined;

/** The lines merge driver: ordered append of theirs' new lines, copies counted. */
export const linesDriver: ContentDriver = {
  name: "mlbranch-lines",
  merge: (input) => mergeLineRecords(input, parseLines, false),
  fast: (args, settings, opts) => fastAppend(args, settings, opts, parseLines, linesMatcher),
};
