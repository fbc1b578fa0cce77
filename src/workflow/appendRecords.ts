import { matchesAny } from "../config/globs.js";
import type { Config, FileSettings } from "../config/types.js";
import { InputError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { parseJsonl, recordKey, withFinalNewline } from "./records.js";

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

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.trim() !== "");
}

/**
 * Records `theirs` gained since `base` (all of theirs without a base) that `ours` does not have,
 * appended at the end of ours. CSV/TSV rows compare as text under an equal header; JSON Lines
 * records compare by their `key` fields when configured.
 */
export function appendNewRecords(opts: {
  config: Config;
  path: string;
  ours: string;
  theirs: string;
  base: string | null;
  source: string;
}): { content: string; added: number } {
  const { path, ours, theirs, base } = opts;
  if (/\.(csv|tsv)$/i.test(path)) {
    const [oh, ...orows] = lines(ours);
    const [th, ...trows] = lines(theirs);
    if (oh !== undefined && th !== undefined && oh !== th)
      throw new InputError(wfMsg.csvHeaderDiffers(opts.source, path, th, oh));
    const skip = new Set([...orows, ...(base !== null ? lines(base).slice(1) : [])]);
    const fresh = trows.filter((r) => !skip.has(r));
    const head = oh === undefined && th !== undefined ? `${th}\n` : "";
    return {
      content: head + withFinalNewline(ours) + fresh.map((r) => `${r}\n`).join(""),
      added: fresh.length,
    };
  }
  const key = fileSettings(opts.config, path).key;
  const seen = new Set(
    [
      ...parseJsonl(ours, path),
      ...(base !== null ? parseJsonl(base, `(earlier pull):${path}`) : []),
    ].map((r) => recordKey(r, key)),
  );
  const fresh = parseJsonl(theirs, `${opts.source}:${path}`).filter(
    (r) => !seen.has(recordKey(r, key)),
  );
  return {
    content: withFinalNewline(ours) + fresh.map((r) => `${r.line}\n`).join(""),
    added: fresh.length,
  };
}
