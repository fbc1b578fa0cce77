import { appendFileSync, copyFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { FileSettings } from "../config/types.js";
import type { DriverArgs } from "./driverArgs.js";
import type { LineMatcher } from "./jsonlMatcher.js";
import type { parseJsonl } from "./jsonlRecords.js";
import { forEachLine, readRange, sharedPrefix } from "./lineStream.js";
import { detectEol } from "./lines.js";
import type { Rec } from "./types.js";

const MIN = () => Number(process.env.MLBRANCH_FAST_APPEND_MIN ?? 1 << 20);

/**
 * The common case in streaming form: base is a byte prefix of both sides, so nothing was edited
 * and the result is ours plus theirs' new records. Memory holds only the two new tails and the
 * ids of theirs' new records; every line of ours is still parsed once (identity, validity).
 * Returns null (use the full in-memory merge) when anything needs a decision or a message.
 */
export function fastAppend(
  args: DriverArgs,
  settings: FileSettings,
  _cwd: string,
  parse: typeof parseJsonl,
  matcher: (wanted: Rec[], key: string[] | undefined) => LineMatcher,
): { conflicts: string[] } | null {
  if (settings.schema) return null;
  const [b, o, t] = [args.base, args.ours, args.theirs].map((f) => statSync(f).size);
  if (o < MIN() || b < 1024 || b > o || b > t) return null;
  const lastBase = readRange(args.base, b - 1, b);
  if (lastBase[0] !== 10 || !sharedPrefix(args.base, args.ours, args.theirs, b)) return null;
  const oursTail = readRange(args.ours, b, o).toString("utf8");
  const theirsTail = readRange(args.theirs, b, t).toString("utf8");
  if (oursTail.includes("\0") || theirsTail.includes("\0") || theirsTail.includes("\uFFFD"))
    return null;
  const tp = parse(theirsTail, "theirs", settings.key);
  if (tp.problems.length) return null;
  // theirs' new records by id, first of each (id, content) pair only.
  const want = new Map<string, Rec>();
  const byBody = new Map<string, Rec>();
  for (const r of tp.recs) {
    const prev = want.get(r.id);
    if (prev && prev.content !== r.content) return null;
    if (!prev) want.set(r.id, r);
    byBody.set(r.body, r);
  }
  if (!want.size) return { conflicts: [] };
  const present = new Set<string>();
  let bad = false;
  const match = matcher([...want.values()], settings.key);
  const visit = (line: string, mustParse = false): boolean | undefined => {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text.trim() === "") return;
    const same = byBody.get(text);
    if (same) {
      present.add(same.id);
      return;
    }
    const r = match(text, mustParse);
    if (r === "bad") {
      bad = true;
      return false;
    }
    if (!r) return;
    const w = want.get(r.id);
    if (!w) return;
    if (w.content !== r.content) {
      bad = true;
      return false;
    }
    present.add(r.id);
  };
  // ours' new lines must parse (the matcher parses every line it is given) and may hold
  // theirs' records or keys; the shared prefix was in all three versions already.
  for (const line of oursTail.split("\n")) if (visit(line, true) === false) return null;
  const ok = forEachLine(args.ours, 0, b, (line) => visit(line));
  if (!ok || bad) return null;
  const eol = detectEol(
    oursTail,
    theirsTail,
    readRange(args.ours, 0, Math.min(o, 1 << 16)).toString("utf8"),
  );
  const endsWithEol = readRange(args.ours, o - 1, o)[0] === 10;
  const add: string[] = [];
  for (const r of want.values()) if (!present.has(r.id)) add.push(r.body, r.eol || eol);
  if (!add.length) return { conflicts: [] };
  if (!endsWithEol) {
    add.unshift(eol);
    add.pop();
  }
  const tmp = join(dirname(args.ours), `.${basename(args.ours)}.mlbranch-${process.pid}.tmp`);
  try {
    copyFileSync(args.ours, tmp);
    appendFileSync(tmp, add.join(""));
    renameSync(tmp, args.ours);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { conflicts: [] };
}
