import { mergeMsg } from "../io/messages/merge.js";
import { readJson, stringifyJson } from "../records/exactJson.js";
import { canonicalJson, identityOf } from "../records/identity.js";
import { binaryProblem } from "../records/jsonl.js";
import { detectEol } from "../records/lines.js";
import { jsonFieldMerge } from "./fieldMerge.js";
import { mergeObjects, renderWithConflicts } from "./jsonObjectMerge.js";
import { detectIndent, jsonEqual, parseJsonText, stringifyAt } from "./jsonText.js";
import { mergeRecords } from "./recordMerge.js";
import { recordOptions } from "./recordOptions.js";
import type { ContentDriver, MergeInput, MergeOutput } from "./runDriver.js";
import type { OutPiece, Rec } from "./types.js";

const SIDES = ["base", "ours", "theirs"] as const;

function elementRecs(arr: unknown[], key: string[] | undefined): Rec[] {
  return arr.map((v, i) => {
    const content = canonicalJson(v);
    return {
      body: stringifyJson(v),
      eol: "",
      id: identityOf(v, content, key),
      content,
      line: i + 1,
    };
  });
}

// Appending only: theirs' new elements go before ours' closing bracket; ours' text is untouched.
function appendToArray(oursText: string, added: unknown[], indent: string, eol: string): string {
  const close = oursText.lastIndexOf("]");
  let end = close;
  while (end > 0 && /\s/.test(oursText[end - 1])) end--;
  const empty = oursText[end - 1] === "[";
  const items = added.map((v) =>
    indent ? `${eol}${indent}${stringifyAt(v, indent, indent)}` : stringifyJson(v),
  );
  // One-line arrays keep ours' separator (", " or ",").
  const sep = indent || !/,\s/.test(oursText) ? "," : ", ";
  const joined = items.join(sep);
  const closing = indent && empty ? eol : oursText.slice(end, close);
  return `${oursText.slice(0, end)}${empty ? "" : sep}${joined}${closing}${oursText.slice(close)}`;
}

function renderArray(pieces: OutPiece[], indent: string, markerSize: number, eol: string): string {
  const ind = indent || "  ";
  const lines: string[] = ["["];
  const el = (r: Rec) => `${ind}${stringifyAt(readJson(r.body), ind, ind)},`;
  for (const p of pieces) {
    if (p.kind === "rec") lines.push(el(p.rec));
    else
      lines.push(
        `${"<".repeat(markerSize)} ours`,
        ...p.ours.map(el),
        "=".repeat(markerSize),
        ...p.theirs.map(el),
        `${">".repeat(markerSize)} theirs`,
      );
  }
  for (let i = lines.length - 1; i > 0; i--)
    if (lines[i].endsWith(",")) {
      lines[i] = lines[i].slice(0, -1);
      break;
    }
  lines.push("]");
  return lines.join(eol);
}

/** The json driver: top-level arrays append like jsonl; objects merge key by key. */
export function mergeJson(input: MergeInput): MergeOutput {
  const texts: string[] = [];
  const values: unknown[] = [];
  const problems: string[] = [];
  for (const [i, buf] of [input.base, input.ours, input.theirs].entries()) {
    const bin = binaryProblem(buf);
    const text = buf.toString("utf8").replace(/^\uFEFF/, "");
    texts.push(text);
    if (bin) problems.push(`${SIDES[i]} line ${bin.line}: ${bin.message}`);
    else if (text.trim() === "") values.push(undefined);
    else {
      const p = parseJsonText(text);
      if ("value" in p) values.push(p.value);
      else problems.push(`${SIDES[i]} line ${p.line}: ${p.message}`);
    }
  }
  if (problems.length) return { ok: false, message: mergeMsg.unparseable(input.path, problems) };
  const [b, o, t] = values;
  const oursText = texts[1];
  const indent = detectIndent(oursText) || detectIndent(texts[2]);
  const eol = detectEol(oursText, texts[2]);
  const trail = /\r?\n$/.exec(oursText)?.[0] ?? "";
  if (Array.isArray(o) && Array.isArray(t) && (b === undefined || Array.isArray(b))) {
    const key = input.settings.key;
    const oursRecs = elementRecs(o, key);
    const res = mergeRecords(
      elementRecs(b ?? [], key),
      oursRecs,
      elementRecs(t, key),
      recordOptions(input.settings, input.markerSize, jsonFieldMerge),
    );
    const oursCount = o.length;
    const plain = res.pieces.every(
      (p, i) => p.kind === "rec" && (i >= oursCount || p.rec === oursRecs[i]),
    );
    const appended = res.pieces
      .slice(oursCount)
      .map((p) => (p.kind === "rec" ? readJson(p.rec.body) : null));
    const text =
      plain && res.pieces.length >= oursCount
        ? appended.length
          ? appendToArray(oursText, appended, indent, eol)
          : oursText
        : renderArray(res.pieces, indent, input.markerSize, eol) + trail;
    return { ok: true, data: text, conflicts: res.conflicts };
  }
  const m = mergeObjects(b, o, t);
  if (m.value === undefined) return { ok: true, data: "", conflicts: [] };
  // Nothing new from one side: keep the other side's text byte for byte.
  if (!m.conflicts.length && jsonEqual(m.value, o))
    return { ok: true, data: input.ours, conflicts: [] };
  if (!m.conflicts.length && jsonEqual(m.value, t))
    return { ok: true, data: input.theirs, conflicts: [] };
  const why = m.conflicts.map((c) => `${c.path}: changed differently on both sides`);
  const ind = m.conflicts.length ? indent || "  " : indent;
  const text =
    renderWithConflicts(m.value, m.conflicts, ind, input.markerSize, eol) +
    (trail || (oursText ? "" : eol));
  return { ok: true, data: text, conflicts: why };
}

/** The json merge driver entry logic. */
export const jsonDriver: ContentDriver = { name: "mlbranch-json", merge: mergeJson };
