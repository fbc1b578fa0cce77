import { parseCsv } from "./csv.js";
import { parseExact, readJson } from "./exactJson.js";
import { binaryProblem } from "./jsonl.js";

/** Why a record file is not what its merge driver reads: the first bad line and what is wrong. */
export interface FormProblem {
  kind: "markers" | "binary" | "json" | "csv" | "width";
  /** 1-based line in the whole file. */
  line: number;
  detail: string;
}

/** Where to start judging: a byte offset at a line start (an append judges only what it added). */
export interface FormScope {
  from: number;
  /** Bytes judged at a time (default 16 MiB; tests use small ones to cut lines). */
  slice?: number;
}

/** A checker for one driver's files: the text as bytes, the scope, and the path (CSV vs TSV). */
export type FormCheck = (buf: Buffer, scope: FormScope, path: string) => FormProblem | null;

const OPEN = /^<{7,}(?: |\r?$)/;
const CLOSE = /^>{7,}(?: |\r?$)/;

// 1-based line number of byte offset `at` (only computed for a file that has a problem).
function lineOf(buf: Buffer, at: number): number {
  let n = 1;
  for (let i = buf.indexOf(10); i !== -1 && i < at; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Whether a line (its start is enough) opens or closes a conflict block, as git writes them. */
export function markerKind(line: string): "open" | "close" | null {
  return OPEN.test(line) ? "open" : CLOSE.test(line) ? "close" : null;
}

/** The first `<<<<<<<` line that a `>>>>>>>` line follows (git's conflict markers), or null. */
export function conflictMarkers(buf: Buffer, scope: FormScope): FormProblem | null {
  // Most files hold no "<<<<<<<" at all: one native search decides.
  const lt = buf.indexOf("<<<<<<<", scope.from);
  if (lt === -1 || buf.indexOf(">>>>>>>", lt) === -1) return null;
  let open = -1;
  for (let at = scope.from; at < buf.length; ) {
    const nl = buf.indexOf(10, at);
    const end = nl === -1 ? buf.length : nl;
    if (buf[at] === 0x3c || buf[at] === 0x3e) {
      const line = buf.toString("utf8", at, Math.min(end, at + 200));
      if (open === -1 && OPEN.test(line)) open = at;
      else if (open !== -1 && CLOSE.test(line))
        return { kind: "markers", line: lineOf(buf, open), detail: "conflict markers" };
    }
    at = end + 1;
  }
  return null;
}

// Files are judged a slice at a time, each ending after a newline: a gigabyte file never becomes
// one string (V8 caps strings near 512 MiB). A CSV slice also ends outside any quoted field.
const SLICE = 16 << 20;
function* slices(
  buf: Buffer,
  from: number,
  quotes = false,
  size = SLICE,
): Generator<[number, number]> {
  for (let at = from; at < buf.length; ) {
    let end = at;
    let odd = false;
    do {
      const nl = buf.indexOf(10, Math.max(end, Math.min(buf.length, at + size) - 1));
      const next = nl === -1 ? buf.length : nl + 1;
      if (quotes)
        for (let q = buf.indexOf(34, end); q !== -1 && q < next; q = buf.indexOf(34, q + 1))
          odd = !odd;
      end = next;
    } while (odd && end < buf.length);
    yield [at, end];
    at = end;
  }
}

function newlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i !== -1 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

function binary(part: Buffer, firstLine: number): FormProblem | null {
  const p = binaryProblem(part);
  return p ? { kind: "binary", line: firstLine - 1 + p.line, detail: p.message } : null;
}

/** JSON Lines: each non-blank line one JSON value. */
export function jsonlForm(buf: Buffer, scope: FormScope): FormProblem | null {
  const m = conflictMarkers(buf, scope);
  if (m) return m;
  let line = scope.from ? lineOf(buf, scope.from) : 1;
  for (const [a, e] of slices(buf, scope.from, false, scope.slice)) {
    const part = buf.subarray(a, e);
    const bin = binary(part, line);
    if (bin) return bin;
    const text = part.toString("utf8");
    let at = a === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (at < text.length) {
      const nl = text.indexOf("\n", at);
      const end = nl === -1 ? text.length : nl;
      const l = text.slice(at, end);
      if (l.trim() !== "") {
        try {
          // The native parser: validity does not depend on how numbers are read, and it is fast.
          JSON.parse(l);
        } catch (err) {
          return { kind: "json", line, detail: `is not JSON (${(err as Error).message})` };
        }
      }
      at = end + 1;
      line++;
    }
  }
  return null;
}

/** CSV / TSV: RFC 4180 quoting, every row as wide as the header. */
export function csvForm(buf: Buffer, scope: FormScope, path: string): FormProblem | null {
  const m = conflictMarkers(buf, scope);
  if (m) return m;
  const delim = /\.tsv$/i.test(path) ? "\t" : ",";
  let from = scope.from;
  let width: number | undefined;
  if (from) {
    // The header is the first row; an append judges only its rows against it.
    const nl = buf.indexOf(10);
    const head = parseCsv(buf.toString("utf8", 0, nl + 1).replace(/^\uFEFF/, ""), delim);
    if (head.problem || !head.rows.length) from = 0;
    else width = head.rows[0].fields.length;
  }
  let first = from ? lineOf(buf, from) : 1;
  for (const [a, e] of slices(buf, from, true, scope.slice)) {
    const part = buf.subarray(a, e);
    const bin = binary(part, first);
    if (bin) return bin;
    // No quote at all (most data): widths are counted on the bytes, no rows are built.
    if (part.indexOf(34) === -1) {
      const w = plainWidths(part, delim.charCodeAt(0), width);
      if (w.bad)
        return {
          kind: "width",
          line: first - 1 + w.bad.line,
          detail: `has ${w.bad.fields} field${w.bad.fields === 1 ? "" : "s"}, the header has ${w.width}`,
        };
      width = w.width;
      first += newlines(buf, a, e);
      continue;
    }
    const p = parseCsv(part.toString("utf8").replace(/^\uFEFF/, ""), delim);
    if (p.problem)
      return { kind: "csv", line: first - 1 + p.problem.line, detail: p.problem.message };
    for (const r of p.rows) {
      if (r.body.trim() === "") continue;
      if (width === undefined) {
        width = r.fields.length;
        continue;
      }
      if (r.fields.length !== width)
        return {
          kind: "width",
          line: first - 1 + r.line,
          detail: `has ${r.fields.length} field${r.fields.length === 1 ? "" : "s"}, the header has ${width}`,
        };
    }
    first += newlines(buf, a, e);
  }
  return null;
}

// Each line's field count in a quote-free CSV slice, as parseCsv would count them: a line of
// nothing but whitespace (as String.prototype.trim sees it) is no row; the first row sets the
// width when the header did not.
function plainWidths(part: Buffer, d: number, width: number | undefined) {
  let line = 1;
  let fields = 1;
  let spaceOnly = true;
  let start = 0;
  for (let i = 0; i <= part.length; i++) {
    const c = i < part.length ? part[i] : 10;
    if (c !== 10) {
      if (c === d) fields++;
      if (spaceOnly && c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12 && c < 0x80)
        spaceOnly = false;
      continue;
    }
    const blank =
      i === start ||
      (spaceOnly &&
        part
          .toString("utf8", start, i)
          .replace(/^\uFEFF/, "")
          .trim() === "");
    if (!blank) {
      if (width === undefined) width = fields;
      else if (fields !== width) return { width, bad: { line, fields } };
    }
    if (i === part.length) break;
    line++;
    fields = 1;
    spaceOnly = true;
    start = i + 1;
  }
  return { width, bad: null };
}

/** Line logs (MLflow metrics): text, no conflict markers. */
export function linesForm(buf: Buffer, scope: FormScope): FormProblem | null {
  const m = conflictMarkers(buf, scope);
  if (m) return m;
  let line = scope.from ? lineOf(buf, scope.from) : 1;
  for (const [a, e] of slices(buf, scope.from, false, scope.slice)) {
    const bin = binary(buf.subarray(a, e), line);
    if (bin) return bin;
    line += newlines(buf, a, e);
  }
  return null;
}

/** A JSON document: one value (numbers read exactly, nesting bounded as the driver reads it). */
export function jsonForm(buf: Buffer): FormProblem | null {
  const m = conflictMarkers(buf, { from: 0 }) ?? binary(buf, 1);
  if (m) return m;
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  try {
    readJson(text);
    return null;
  } catch (e) {
    const msg = (e as Error).message;
    // Node 20's parser names no position: mlbranch's exact parser, which does, finds the line.
    let pos = /position (\d+)/.exec(msg);
    if (!pos)
      try {
        parseExact(text);
      } catch (x) {
        pos = /position (\d+)/.exec((x as Error).message);
      }
    const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : 1;
    return { kind: "json", line, detail: `is not JSON (${msg})` };
  }
}

/**
 * The text formats' checks by merge driver. A format plugs in by adding its driver's checker
 * here (SQLite is judged by its integrity check elsewhere: it needs an engine).
 */
export const FORM_CHECKS: Record<string, FormCheck> = {
  jsonl: jsonlForm,
  csv: csvForm,
  lines: linesForm,
  json: jsonForm,
};

/** True when only what was appended needs judging for this driver (JSON documents: never). */
export function judgesAppends(driver: string): boolean {
  return driver !== "json";
}
