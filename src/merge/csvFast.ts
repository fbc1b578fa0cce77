import type { FileSettings } from "../config/types.js";
import { parseCsv } from "../records/csv.js";
import { toRecs } from "../records/csvRecs.js";
import type { Parsed } from "../records/jsonl.js";
import type { DriverArgs } from "./driverArgs.js";
import { type FastOptions, fastAppend } from "./fastAppend.js";
import { csvFieldMerge } from "./fieldMerge.js";
import type { LineMatcher } from "./jsonlMatcher.js";
import { readRange } from "./lineStream.js";
import { csvPrefixOk } from "./prefixCheck.js";
import { asBytes, probeSet } from "./probeSet.js";
import type { ParseProblem, Rec } from "./types.js";

/**
 * A pre-sieve for the matcher below: a line of ours' prefix can only be a wanted row (same key
 * columns, or same fields) when its probe column (of those, the one whose values differ most
 * among the wanted rows) holds a wanted value. Lines with a quote, or without exactly width - 1
 * delimiters, are always candidates: the matcher parses them and judges a bad row. One sticky
 * regex checks a line's shape natively; the probe field is hashed where it stands. The chunk is
 * read as latin1 (one char per byte), so values compare as their UTF-8 bytes.
 */
function csvSieve(
  wanted: Rec[],
  keyIdx: number[] | null,
  width: number,
  delim: string,
): NonNullable<LineMatcher["candidates"]> {
  const rows = wanted.map((r) => JSON.parse(r.content) as string[]);
  let probe = -1;
  let best = -1;
  for (const c of keyIdx ?? rows[0].map((_, i) => i)) {
    const n = new Set(rows.map((r) => r[c])).size;
    if (n > best) [probe, best] = [c, n];
  }
  const has = probeSet(rows.map((r) => asBytes(r[probe])));
  const dc = delim.charCodeAt(0);
  const field = delim === "\t" ? '[^"\\n\\t]*' : '[^"\\n,]*';
  // A whole line of exactly `width` unquoted fields.
  const plain = new RegExp(
    `(?:${field}${delim === "\t" ? "\\t" : ","}){${width - 1}}${field}(?=\\n|$)`,
    "y",
  );
  return (b, line) => {
    const s = b.toString("latin1");
    const n = s.length;
    for (let a = 0; a < n; ) {
      plain.lastIndex = a;
      let e: number;
      let candidate = true;
      if (plain.test(s)) {
        e = plain.lastIndex;
        let from = a;
        for (let k = 0; k < probe; k++) {
          while (s.charCodeAt(from) !== dc) from++;
          from++;
        }
        let to = from;
        while (to < e && s.charCodeAt(to) !== dc) to++;
        // The last field ends before a "\r" the matcher would not see.
        if (to === e && to > from && s.charCodeAt(to - 1) === 13) to--;
        candidate = has.chars(s, from, to);
      } else {
        e = a;
        while (e < n && s.charCodeAt(e) !== 10) e++;
      }
      if (candidate && !line(a, e)) return false;
      a = e + 1;
    }
    return true;
  };
}

/**
 * The streaming path for CSV/TSV (see fastAppend): the header comes from ours' first row; the
 * shared prefix must end between records; prefix lines are split natively and looked up.
 */
export function csvFast(
  args: DriverArgs,
  settings: FileSettings,
  opts: FastOptions,
): { conflicts: string[] } | null {
  const delim = /\.tsv$/i.test(args.path) ? "\t" : ",";
  const head = parseCsv(readRange(args.ours, 0, 1 << 16).toString("utf8"), delim);
  const header = head.rows[0];
  if (!header || head.rows.length < 2) return null;
  const key = settings.key;
  const keyIdx = key?.length ? key.map((k) => header.fields.indexOf(k)) : null;
  if (keyIdx?.some((i) => i < 0)) return null;
  const width = header.fields.length;
  const parse = (text: string, side: ParseProblem["side"]): Parsed => {
    const p = parseCsv(text, delim);
    const bad: string[] = [];
    const recs = p.problem ? [] : toRecs(p.rows, side, keyIdx, width, bad);
    const problems = p.problem || bad.length ? [{ side, line: 0, message: "unparseable" }] : [];
    return { recs, values: [], problems };
  };
  const matcher = (wanted: Rec[]): LineMatcher => {
    const ids = new Set(wanted.map((r) => r.id));
    const match: LineMatcher = (line) => {
      const fields = line.includes('"') ? parseCsv(line, delim).rows[0]?.fields : line.split(delim);
      if (!fields || (line.includes('"') && parseCsv(line, delim).problem)) return "bad";
      if (fields.length !== width)
        return fields.length === 1 && fields[0] === "" ? undefined : "bad";
      const content = JSON.stringify(fields);
      const id = keyIdx ? JSON.stringify(keyIdx.map((i) => fields[i])) : content;
      return ids.has(id) ? { body: line, eol: "", id, content, line: 0 } : undefined;
    };
    match.candidates = csvSieve(wanted, keyIdx, width, delim);
    return match;
  };
  return fastAppend(
    args,
    settings,
    opts,
    parse,
    matcher,
    // An even number of quotes before the prefix's end: it ends between records, not in a field.
    { count: 34, ok: (P, quotes) => P > header.body.length && quotes % 2 === 0 },
    undefined,
    csvFieldMerge(delim),
    csvPrefixOk(width, delim),
  );
}
