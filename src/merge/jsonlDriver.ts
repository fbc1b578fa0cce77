import { mergeMsg } from "../io/messages/merge.js";
import { binaryProblem, parseJsonl } from "../records/jsonl.js";
import { detectEol } from "../records/lines.js";
import { fastAppend } from "./fastAppend.js";
import { jsonFieldMerge } from "./fieldMerge.js";
import { jsonlMatcher } from "./jsonlMatcher.js";
import { sharedLeadingLines } from "./lineStream.js";
import { jsonlPrefixOk } from "./prefixCheck.js";
import { mergeRecords } from "./recordMerge.js";
import { recordOptions } from "./recordOptions.js";
import { loadRecordValidator } from "./recordSchema.js";
import { renderPieces } from "./render.js";
import type { ContentDriver, MergeInput, MergeOutput } from "./runDriver.js";

/** Turn three texts into records with `parse`, merge them, render; shared by jsonl and lines. */
export function mergeLineRecords(
  input: MergeInput,
  parse: typeof parseJsonl,
  validate = true,
): MergeOutput {
  const problems: string[] = [];
  const texts: string[] = [];
  for (const [side, buf] of [
    ["base", input.base],
    ["ours", input.ours],
    ["theirs", input.theirs],
  ] as const) {
    const bin = binaryProblem(buf);
    if (bin) problems.push(`${side} line ${bin.line}: ${bin.message}`);
    texts.push(buf.toString("utf8").replace(/^\uFEFF/, ""));
  }
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  const key = input.settings.key;
  const keep = validate && !!input.settings.schema;
  const seen = new Map<string, { id: string; content: string }>();
  const [b, o, t] = [
    parse(texts[0], "base", key, false, seen),
    parse(texts[1], "ours", key, keep, seen),
    parse(texts[2], "theirs", key, keep, seen),
  ];
  for (const p of [b, o, t])
    for (const x of p.problems) problems.push(`${x.side} line ${x.line}: ${x.message}`);
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  if (validate && input.settings.schema) {
    const check = loadRecordValidator(input.cwd, input.settings.schema);
    // The lines all three versions share at the start were accepted before: as on the streaming
    // path, only what follows them is checked.
    const shared = sharedLeadingLines(input.base, input.ours, input.theirs);
    const after = (vs: typeof o.values) => vs.filter((v) => v.line > shared);
    const bad = [...check(after(o.values), "ours"), ...check(after(t.values), "theirs")];
    if (bad.length)
      return { ok: false, message: mergeMsg.schemaInvalid(input.path, input.settings.schema, bad) };
  }
  const res = mergeRecords(
    b.recs,
    o.recs,
    t.recs,
    recordOptions(input.settings, input.markerSize, jsonFieldMerge),
  );
  const oursText = texts[1];
  const trailingEol = oursText.length
    ? /\n$/.test(oursText)
    : texts[2].length
      ? /\n$/.test(texts[2])
      : true;
  const bom = input.ours[0] === 0xef && input.ours[1] === 0xbb ? "\uFEFF" : "";
  const text = renderPieces(res.pieces, {
    eol: detectEol(oursText, texts[2], texts[0]),
    trailingEol,
    markerSize: input.markerSize,
  });
  return { ok: true, data: bom + text, conflicts: res.conflicts };
}

/** The jsonl merge driver: records append; identity by `key` fields or canonical JSON. */
export const jsonlDriver: ContentDriver = {
  name: "mlbranch-jsonl",
  merge: (input) => mergeLineRecords(input, parseJsonl),
  fast: (args, settings, opts) =>
    fastAppend(
      args,
      settings,
      opts,
      parseJsonl,
      jsonlMatcher,
      undefined,
      settings.schema ? loadRecordValidator(opts.cwd, settings.schema) : undefined,
      jsonFieldMerge,
      jsonlPrefixOk,
    ),
};
