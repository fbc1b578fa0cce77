import { mergeMsg } from "../io/messages/merge.js";
import { parseCsv } from "../records/csv.js";
import { toRecs } from "../records/csvRecs.js";
import { binaryProblem } from "../records/jsonl.js";
import { detectEol } from "../records/lines.js";
import { csvFast } from "./csvFast.js";
import { csvFieldMerge } from "./fieldMerge.js";
import { mergeRecords } from "./recordMerge.js";
import { recordOptions } from "./recordOptions.js";
import { renderPieces } from "./render.js";
import type { ContentDriver, MergeInput, MergeOutput } from "./runDriver.js";
import type { Rec } from "./types.js";

const SIDES = ["base", "ours", "theirs"] as const;
const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Merge CSV/TSV rows behind one header like jsonl records; a header change is not merged. */
export function mergeCsv(input: MergeInput): MergeOutput {
  const delim = /\.tsv$/i.test(input.path) ? "\t" : ",";
  const bufs = [input.base, input.ours, input.theirs];
  const problems: string[] = [];
  const texts = bufs.map((b, i) => {
    const bin = binaryProblem(b);
    if (bin) problems.push(`${SIDES[i]} line ${bin.line}: ${bin.message}`);
    return b.toString("utf8");
  });
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  const parsed = texts.map((t, i) => {
    const p = parseCsv(t, delim);
    if (p.problem) problems.push(`${SIDES[i]} line ${p.problem.line}: ${p.problem.message}`);
    return p.rows;
  });
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  const [hb, ho, ht] = parsed.map((rows) => rows[0]);
  const header = ho ?? ht;
  if (!header) return { ok: true, data: input.ours, conflicts: [] };
  for (const [side, h] of [
    ["theirs", ht],
    ["base", hb],
  ] as const) {
    if (h && ho && !same(h.fields, ho.fields)) {
      const why = mergeMsg.columnsDiffer(input.path, ho.fields.join(delim), h.fields.join(delim));
      return { ok: false, message: mergeMsg.unparseable(input.path, [`${side} line 1: ${why}`]) };
    }
  }
  const key = input.settings.key;
  const keyIdx = key?.length ? key.map((k) => header.fields.indexOf(k)) : null;
  if (keyIdx?.some((i) => i < 0)) {
    const missing = key!.filter((_, i) => keyIdx[i] < 0).join(", ");
    return {
      ok: false,
      message: mergeMsg.unparseable(input.path, [
        `line 1: key column(s) ${missing} not in the header`,
      ]),
    };
  }
  const width = header.fields.length;
  const [b, o, t] = parsed.map((rows, i) =>
    toRecs(rows.slice(1), SIDES[i], keyIdx, width, problems),
  );
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  const res = mergeRecords(
    b,
    o,
    t,
    recordOptions(input.settings, input.markerSize, csvFieldMerge(delim)),
  );
  const headerRec: Rec = { body: header.body, eol: header.eol, id: "", content: "", line: 1 };
  const oursText = texts[1];
  const text = renderPieces([{ kind: "rec", rec: headerRec }, ...res.pieces], {
    eol: detectEol(oursText, texts[2], texts[0]),
    trailingEol: oursText.length ? oursText.endsWith("\n") : texts[2].endsWith("\n") || !texts[2],
    markerSize: input.markerSize,
  });
  return { ok: true, data: text, conflicts: res.conflicts };
}

/** The csv merge driver (CSV, and TSV for *.tsv). */
export const csvDriver: ContentDriver = {
  name: "mlbranch-csv",
  merge: mergeCsv,
  fast: (args, settings, cwd) => csvFast(args, settings, cwd),
};
