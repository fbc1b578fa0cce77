import { mergeMsg } from "../io/messages/merge.js";
import { parseCsv } from "../records/csv.js";
import { toRecs } from "../records/csvRecs.js";
import { binaryProblem } from "../records/jsonl.js";
import { detectEol, isMarkerLine } from "../records/lines.js";
import { csvFast } from "./csvFast.js";
import { mergeHeaders, projectRows } from "./csvHeader.js";
import { csvField, csvFieldMerge } from "./fieldMerge.js";
import { mergeRecords } from "./recordMerge.js";
import { recordOptions } from "./recordOptions.js";
import { renderPieces } from "./render.js";
import type { ContentDriver, MergeInput, MergeOutput } from "./runDriver.js";
import type { Rec } from "./types.js";

const SIDES = ["base", "ours", "theirs"] as const;
const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Merge CSV/TSV rows like jsonl records; headers merge by column name (see mergeHeaders). */
export function mergeCsv(input: MergeInput): MergeOutput {
  const delim = /\.tsv$/i.test(input.path) ? "\t" : ",";
  const bufs = [input.base, input.ours, input.theirs];
  const problems: string[] = [];
  const texts = bufs.map((b, i) => {
    const bin = binaryProblem(b);
    if (bin) problems.push(`${SIDES[i]} line ${bin.line}: ${bin.message}`);
    // A UTF-8 BOM is not part of the header: one side adding or dropping it changes nothing.
    return b.toString("utf8").replace(/^\uFEFF/, "");
  });
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  const parsed = texts.map((t, i) => {
    const p = parseCsv(t, delim);
    if (p.problem) problems.push(`${SIDES[i]} line ${p.problem.line}: ${p.problem.message}`);
    return p.rows;
  });
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  const [hb, ho, ht] = parsed.map((rows) => rows[0]);
  if (!ho && !ht) return { ok: true, data: input.ours, conflicts: [] };
  // Columns merge by name: an added column gives the other side's rows an empty cell.
  let columns = (ho ?? ht).fields;
  const differ = [hb, ht].some((h) => h && ho && !same(h.fields, ho.fields));
  if (differ) {
    const m = mergeHeaders(parsed[0], parsed[1], parsed[2]);
    if ("problem" in m) {
      const why = mergeMsg.columnsDiffer(
        input.path,
        (ho?.fields ?? []).join(delim),
        (ht?.fields ?? []).join(delim),
      );
      return {
        ok: false,
        message: mergeMsg.unparseable(input.path, [`line 1: ${m.problem}; ${why}`]),
      };
    }
    columns = m.columns;
  }
  const header =
    ho && same(ho.fields, columns)
      ? ho
      : {
          fields: columns,
          body: columns.map((c) => csvField(c, delim)).join(delim),
          eol: (ho ?? ht).eol,
          line: 1,
        };
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
  // With a header change, widths are checked against each side's own header first.
  if (differ)
    for (const [i, rows] of parsed.entries()) {
      const own = rows[0]?.fields.length ?? width;
      for (const r of rows.slice(1))
        if (r.body.trim() !== "" && r.fields.length !== own && !(i === 0 && isMarkerLine(r.body)))
          problems.push(
            `${SIDES[i]} line ${r.line}: ${r.fields.length} fields, but the header has ${own}`,
          );
    }
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  const [b, o, t] = parsed.map((rows, i) =>
    toRecs(
      differ ? projectRows(rows, columns, delim) : rows.slice(1),
      SIDES[i],
      keyIdx,
      width,
      problems,
    ),
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
  const bom =
    input.ours[0] === 0xef && input.ours[1] === 0xbb && input.ours[2] === 0xbf ? "\uFEFF" : "";
  const text = renderPieces([{ kind: "rec", rec: headerRec }, ...res.pieces], {
    eol: detectEol(oursText, texts[2], texts[0]),
    trailingEol: oursText.length ? oursText.endsWith("\n") : texts[2].endsWith("\n") || !texts[2],
    markerSize: input.markerSize,
  });
  return { ok: true, data: bom + text, conflicts: res.conflicts };
}

/** The csv merge driver (CSV, and TSV for *.tsv). */
export const csvDriver: ContentDriver = {
  name: "mlbranch-csv",
  merge: mergeCsv,
  fast: (args, settings, opts) => csvFast(args, settings, opts),
};
