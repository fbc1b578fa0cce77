import { matchesAny } from "../config/globs.js";
import type { Config, FileSettings } from "../config/types.js";
import { InputError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { encodeText, isCsvPath, readRecordFile } from "../records/recordFile.js";

/** Record files that pull-data appends to rather than replaces. */
export const APPENDABLE = /\.(jsonl|ndjson|csv|tsv)$/i;

/** The `files` settings of mlbranch.json that apply to a path (first matching glob). */
export function fileSettings(config: Config, path: string): FileSettings {
  for (const [glob, s] of Object.entries(config.files)) if (matchesAny(path, [glob])) return s;
  return {};
}

/** True when pull-data appends the file's new records instead of replacing it. */
export function isAppendable(config: Config, path: string): boolean {
  return APPENDABLE.test(path) && fileSettings(config, path).appendOnly !== false;
}

const counts = (ids: string[]) => {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
};

/**
 * Records `theirs` gained since `base` (all of theirs without a base), appended at the end of
 * ours. Records are read as the merge drivers read them (RFC 4180 CSV, exact JSON, CSV rows
 * by all their fields, JSON Lines by `key` when configured) and counted: theirs' added copies
 * of a record, less those ours added itself, so two equal sales stay two and rows cleaned
 * away here stay away. Ours is kept byte for byte and the new records are copied as received.
 */
export function appendNewRecords(opts: {
  config: Config;
  path: string;
  ours: Buffer | string;
  theirs: Buffer | string;
  base: Buffer | string | null;
  source: string;
}): { content: Buffer; added: number } {
  const { path } = opts;
  const buf = (b: Buffer | string) => (typeof b === "string" ? Buffer.from(b) : b);
  const key = isCsvPath(path) ? undefined : fileSettings(opts.config, path).key;
  const ours = buf(opts.ours);
  const o = readRecordFile(ours, path, path, key);
  const t = readRecordFile(buf(opts.theirs), path, `${opts.source}:${path}`, key);
  const b =
    opts.base === null ? null : readRecordFile(buf(opts.base), path, `(last pull):${path}`, key);
  if (o.header && t.header && o.header.names.join("\0") !== t.header.names.join("\0"))
    throw new InputError(
      wfMsg.csvHeaderDiffers(opts.source, path, t.header.names.join(","), o.header.names.join(",")),
    );
  const baseN = counts((b?.records ?? []).map((r) => r.id));
  const oursN = counts(o.records.map((r) => r.id));
  const theirsN = counts(t.records.map((r) => r.id));
  // Copies to add per record: theirs' additions since base, less the ones ours added too.
  const want = new Map<string, number>();
  for (const [id, n] of theirsN) {
    const base = baseN.get(id) ?? 0;
    const oursAdded = Math.max(0, (oursN.get(id) ?? 0) - base);
    const add = b ? n - base - oursAdded : n - (oursN.get(id) ?? 0);
    if (add > 0) want.set(id, add);
  }
  const eol = t.records.find((r) => r.eol)?.eol ?? "\n";
  // Theirs' last copies are the new ones: they were appended after the earlier ones.
  const fresh: string[] = [];
  for (let i = t.records.length - 1; i >= 0; i--) {
    const r = t.records[i];
    const left = want.get(r.id) ?? 0;
    if (left <= 0) continue;
    want.set(r.id, left - 1);
    fresh.push(`${r.body}${r.eol || eol}`);
  }
  fresh.reverse();
  let head = "";
  if (!o.header && t.header && o.records.length === 0 && ours.toString("latin1").trim() === "")
    head = `${t.header.body}\n`;
  const sep = ours.length && ours[ours.length - 1] !== 10 ? "\n" : "";
  const added = encodeText(head + sep + fresh.join(""), t.encoding);
  return {
    content: head ? added : Buffer.concat([ours, added]),
    added: fresh.length,
  };
}
