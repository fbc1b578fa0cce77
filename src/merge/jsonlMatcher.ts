import { isJsonObject, needsExact, parseExact } from "../records/exactJson.js";
import { canonicalJson, identityOf } from "../records/identity.js";
import { asBytes, probeSet } from "./probeSet.js";
import type { Rec } from "./types.js";

/** Finds, for one line of ours, the wanted record with its identity: a Rec, undefined, or "bad". */
export type LineMatcher = ((text: string, mustParse?: boolean) => Rec | undefined | "bad") & {
  /**
   * A pre-sieve over a chunk of whole lines (bytes): calls `line(start, end)` for every line (end
   * excludes the "\n") the matcher may answer other than undefined for; the lines it skips are
   * ones the matcher would skip. Stops and returns false when line() does.
   */
  candidates?: (chunk: Buffer, line: (start: number, end: number) => boolean) => boolean;
};

const isObj = isJsonObject;

const prim = (x: unknown) => x === null || typeof x !== "object";

// The top-level string field whose values differ most among the wanted records: the best sieve.
function probeKey(values: unknown[]): string | null {
  const distinct = new Map<string, Set<string>>();
  for (const v of values) {
    if (!isObj(v)) continue;
    for (const k of Object.keys(v)) {
      if (typeof v[k] !== "string") continue;
      const s = distinct.get(k) ?? new Set<string>();
      distinct.set(k, s);
      s.add(JSON.stringify(v[k]));
    }
  }
  let best: string | null = null;
  for (const [k, s] of distinct) if (best === null || s.size > distinct.get(best)!.size) best = k;
  return best;
}

/**
 * A matcher for JSON Lines that parses each line once but builds the canonical form only for
 * lines that can be one of the wanted records (same key, or same probe field value), so
 * scanning a large ours costs about one JSON.parse per line.
 */
export function jsonlMatcher(wanted: Rec[], key: string[] | undefined): LineMatcher {
  const ids = new Set(wanted.map((r) => r.id));
  const values = wanted.map((r) => JSON.parse(r.body) as unknown);
  // With key fields the sieve must look at a key field, or a changed record could slip through.
  const probe = key?.length ? key[0] : probeKey(values);
  const probeVals = new Set<string>();
  // Any record equal to a wanted one has the same probe value; without one, check every line.
  let probeAll = probe === null;
  for (const v of values) {
    if (probe !== null && isObj(v) && probe in v && prim(v[probe]))
      probeVals.add(JSON.stringify(v[probe]));
    else probeAll = true;
  }
  const needle = probe === null ? "" : JSON.stringify(probe);
  // A number, true, false or null at the start of `text` that may be a wanted probe value.
  const literalMayMatch = (text: string) => {
    const m = /^[-+0-9.eE]+|^true|^false|^null/.exec(text);
    if (!m) return true;
    try {
      return probeVals.has(JSON.stringify(JSON.parse(m[0])));
    } catch {
      return true;
    }
  };
  // Without a backslash a line spells every key and string value the way JSON.stringify does, so a
  // line whose probe field is absent or holds another string cannot be a wanted record.
  const sieve = (text: string): boolean => {
    if (probeAll || text.includes("\\")) return true;
    const at = text.indexOf(needle);
    if (at === -1) return false;
    if (text.indexOf(needle, at + needle.length) !== -1) return true;
    let i = at + needle.length;
    while (text[i] === " " || text[i] === "\t") i++;
    if (text[i] !== ":") return true;
    i++;
    while (text[i] === " " || text[i] === "\t") i++;
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      return end === -1 || probeVals.has(text.slice(i, end + 1));
    }
    return literalMayMatch(text.slice(i, i + 40));
  };
  const match: LineMatcher = (text, mustParse) => {
    if (!mustParse && !sieve(text)) return undefined;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return "bad";
    }
    if (mustParse && !sieve(text)) return undefined;
    // The sieve reads doubles (equal numbers stay equal); identity reads exact numbers.
    let ev = v;
    if (needsExact(text)) {
      try {
        ev = parseExact(text);
      } catch {
        return "bad";
      }
    }
    const keyed = key?.length && isObj(ev) && key.every((k) => k in ev);
    if (keyed) {
      const id = canonicalJson(key.map((k) => (ev as Record<string, unknown>)[k]));
      if (!ids.has(id)) return undefined;
    } else if (!probeAll) {
      if (!isObj(v) || !(probe! in v) || !prim(v[probe!])) return undefined;
      if (!probeVals.has(JSON.stringify(v[probe!]))) return undefined;
    }
    let content: string;
    try {
      content = canonicalJson(ev);
    } catch {
      return "bad";
    }
    return { body: text, eol: "", id: identityOf(ev, content, key), content, line: 0 };
  };
  if (!probeAll) match.candidates = chunkSieve(needle, probeVals, literalMayMatch);
  return match;
}

/**
 * The sieve above over a chunk of lines as bytes, with native searches and no string per line:
 * lines with a backslash (which may spell the probe field with escapes) are all candidates;
 * elsewhere each occurrence of the probe key is judged by its value (the record's own top-level
 * field is one of them), and a line none of whose occurrences may hold a wanted value is skipped.
 */
function chunkSieve(
  needle: string,
  probeVals: Set<string>,
  literalMayMatch: (text: string) => boolean,
): NonNullable<LineMatcher["candidates"]> {
  // The key's bytes without the opening quote: its first byte is rarer than a quote.
  const rest = Buffer.from(needle.slice(1), "utf8");
  const has = probeSet([...probeVals].map(asBytes));
  // Whether the value after a probe key that ends before b[i] may be a wanted one (as in sieve).
  const valueMayMatch = (b: Buffer, i: number, e: number): boolean => {
    while (b[i] === 32 || b[i] === 9) i++;
    if (b[i] !== 58) return true;
    i++;
    while (b[i] === 32 || b[i] === 9) i++;
    if (b[i] === 34) {
      const close = b.indexOf(34, i + 1);
      return close === -1 || close >= e || has.bytes(b, i, close + 1);
    }
    return literalMayMatch(b.toString("latin1", i, Math.min(i + 40, e)));
  };
  return (b, line) => {
    for (let k = b.indexOf(92); k !== -1; ) {
      let e = b.indexOf(10, k);
      if (e === -1) e = b.length;
      if (!line(b.lastIndexOf(10, k) + 1, e)) return false;
      k = b.indexOf(92, e);
    }
    // The next backslash: lines holding one were all candidates above.
    let bk = b.indexOf(92);
    let done = 0;
    for (let at = b.indexOf(rest, 1); at !== -1; at = b.indexOf(rest, at + rest.length)) {
      if (at < done || b[at - 1] !== 34) continue;
      let e = b.indexOf(10, at);
      if (e === -1) e = b.length;
      if (bk !== -1 && bk < e) {
        bk = b.indexOf(92, b.lastIndexOf(10, at) + 1);
        if (bk !== -1 && bk < e) {
          done = e;
          continue;
        }
      }
      if (!valueMayMatch(b, at + rest.length, e)) continue;
      if (!line(b.lastIndexOf(10, at) + 1, e)) return false;
      done = e;
    }
    return true;
  };
}
