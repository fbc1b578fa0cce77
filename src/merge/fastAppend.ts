import { appendFileSync, copyFileSync, statSync, truncateSync } from "node:fs";
import type { FileSettings } from "../config/types.js";
import { atomicUpdate } from "../io/atomicWrite.js";
import { debug } from "../io/debug.js";
import type { parseJsonl } from "../records/jsonl.js";
import { detectEol } from "../records/lines.js";
import { hasConflictMarkers } from "./conflictMarkers.js";
import type { DriverArgs } from "./driverArgs.js";
import type { FieldMerge } from "./fieldMerge.js";
import type { LineMatcher } from "./jsonlMatcher.js";
import { commonLinePrefix, countLines, eachLine, forEachChunk, readRange } from "./lineStream.js";
import { type PrefixCheck, textPrefixOk } from "./prefixCheck.js";
import { mergeRecords } from "./recordMerge.js";
import { recordOptions } from "./recordOptions.js";
import type { RecordValidator } from "./recordSchema.js";
import { renderPieces } from "./render.js";
import type { Rec } from "./types.js";

/** Where the streaming path runs and from which size of ours (bytes) it is tried. */
export interface FastOptions {
  cwd: string;
  minBytes?: number;
  /** Bytes read at a time when sieving ours' prefix (tests use small ones to cut lines). */
  chunkBytes?: number;
}

/** Below this ours is merged in memory; above, the shared prefix is never parsed. */
export const FAST_MIN = 64 << 10;

const pairOf = (r: Rec) => `${r.id}\u0000${r.content}`;

/**
 * The streaming merge: the lines all three versions share at the start (usually all of base) are
 * never held in memory; only the three tails after them are parsed and merged as records, and the
 * shared prefix of ours is sieved once for theirs' new records (found there: a key clash or an
 * added copy, which the in-memory merge decides).
 * The result is ours' prefix bytes plus the merged tails. Returns null (use the in-memory merge)
 * when the prefix is small, holds a line the format's parser refuses, a new record fails the
 * schema, or a theirs record collides with a prefix record. With a schema only the tails' records
 * are validated (the prefix was in all three; the in-memory merge skips it alike).
 */
export function fastAppend(
  args: DriverArgs,
  settings: FileSettings,
  fastOpts: FastOptions,
  parse: typeof parseJsonl,
  matcher: (wanted: Rec[], key: string[] | undefined) => LineMatcher,
  /**
   * Formats whose records may span lines say whether the prefix ends between records, from its
   * length and how often byte `count` occurs in it.
   */
  boundary?: { count: number; ok: (prefix: number, occurrences: number) => boolean },
  validate?: RecordValidator,
  fields?: FieldMerge,
  /** The format's check of the prefix's lines; NUL bytes and invalid UTF-8 by default. */
  prefixOk?: PrefixCheck,
): { conflicts: string[] } | null {
  if (settings.schema && !validate) return null;
  const [b, o, t] = [args.base, args.ours, args.theirs].map((f) => statSync(f).size);
  if (o < (fastOpts.minBytes ?? FAST_MIN) || b < 1024) return null;
  const shared = commonLinePrefix(args.base, args.ours, args.theirs, boundary?.count);
  const P = shared.prefix;
  debug(`merge: ${P} bytes shared by all three versions`);
  if (P < 1024 || (boundary && !boundary.ok(P, shared.count))) return null;
  const tails = [
    readRange(args.base, P, b),
    readRange(args.ours, P, o),
    readRange(args.theirs, P, t),
  ].map((x) => x.toString("utf8"));
  if (tails.some((x) => x.includes("\0") || x.includes("\uFFFD"))) return null;
  // Conflict markers in ours (a rerere replay): runDriver's text merge, not a record merge.
  if (hasConflictMarkers(tails[1], args.markerSize)) return null;
  const seen = new Map<string, { id: string; content: string }>();
  const [bt, ot, tt] = (["base", "ours", "theirs"] as const).map((side, i) =>
    parse(tails[i], side, settings.key, !!validate, seen),
  );
  if (bt.problems.length || ot.problems.length || tt.problems.length) return null;
  if (validate && (validate(ot.values, "ours").length || validate(tt.values, "theirs").length))
    return null;
  debug(`merge: tails parsed (${bt.recs.length}, ${ot.recs.length}, ${tt.recs.length} records)`);
  // theirs' records that neither base's nor ours' tail holds: the prefix may hold them.
  const known = new Set([...bt.recs, ...ot.recs].map(pairOf));
  const want = new Map<string, Rec>();
  const byBody = new Map<string, Rec>();
  for (const r of tt.recs) {
    if (known.has(pairOf(r))) continue;
    const prev = want.get(r.id);
    if (prev && prev.content !== r.content) return null;
    if (!prev) want.set(r.id, r);
    byBody.set(r.body, r);
  }
  // Base's tail records must not occur in the prefix either (a duplicate would change who holds them).
  const baseIds = new Set(bt.recs.map((r) => r.id));
  const sieveFor = [...want.values(), ...bt.recs.filter((r) => !want.has(r.id))];
  const match = sieveFor.length ? matcher(sieveFor, settings.key) : undefined;
  let bad = false;
  const check = (line: string): boolean | undefined => {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text.trim() === "") return;
    const r = byBody.get(text) ?? match?.(text);
    if (!r) return;
    const w = r === "bad" ? undefined : want.get(r.id);
    // A key clash, a base tail record found again, or a copy of a prefix record theirs added
    // (copies are counted, and keys make that a whole-file question): the in-memory merge.
    if (r === "bad" || baseIds.has(r.id) || w) {
      bad = true;
      return false;
    }
  };
  // One read of the prefix checks that every line parses (or the in-memory merge names the bad
  // one, exit 2, as for a file under 64 KiB) and sieves it for the records above. With a
  // pre-sieve only its candidate lines are decoded and matched: the rest cost a search.
  let start = true;
  const ok = forEachChunk(
    args.ours,
    0,
    P,
    (bytes) => {
      const first = start;
      start = false;
      if (!(prefixOk ?? textPrefixOk)(bytes, first)) {
        debug("merge: the shared prefix holds a line the parser refuses");
        return false;
      }
      if (!match) return true;
      const line = (a: number, e: number) => check(bytes.toString("utf8", a, e)) !== false;
      return match.candidates ? match.candidates(bytes, line) : eachLine(bytes, line);
    },
    fastOpts.chunkBytes,
  );
  debug(`merge: ours' prefix checked and sieved for ${sieveFor.length} records`);
  if (!ok || bad) return null;
  const theirsLeft = tt.recs;
  const opts = recordOptions(settings, args.markerSize, fields);
  let res = mergeRecords(bt.recs, ot.recs, theirsLeft, opts);
  // Conflict messages name whole-file lines: shift the tails' line numbers past the prefix.
  if (res.conflicts.length) {
    const prefixLines = countLines(args.ours, P);
    for (const p of [bt, ot, tt]) for (const r of p.recs) r.line += prefixLines;
    res = mergeRecords(bt.recs, ot.recs, theirsLeft, opts);
  }
  const head = readRange(args.ours, 0, Math.min(P, 1 << 16)).toString("utf8");
  const text = renderPieces(res.pieces, {
    eol: detectEol(head, tails[1], tails[2], tails[0]),
    trailingEol: readRange(args.ours, o - 1, o)[0] === 10,
    markerSize: args.markerSize,
  });
  debug(`merge: merged (${res.conflicts.length} conflicts)`);
  atomicUpdate(args.ours, (tmp) => {
    copyFileSync(args.ours, tmp);
    truncateSync(tmp, P);
    appendFileSync(tmp, text);
  });
  debug("merge: written");
  return { conflicts: res.conflicts };
}
