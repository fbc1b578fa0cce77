import { InputError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { jsonRecord } from "../records/identity.js";
import { splitLines } from "../records/lines.js";

/** One JSON Lines record with the exact text of its line. */
export interface JsonRecord {
  line: string;
  value: Record<string, unknown>;
}

/**
 * Parse JSON Lines text (blank lines skipped) with the records reader's lines (records/lines.ts:
 * each line's own \n or \r\n ending kept out of it); a bad line is an InputError naming file
 * and line.
 */
export function parseJsonl(text: string, source: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  for (const l of splitLines(text)) {
    if (!l.text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (e) {
      throw new InputError(wfMsg.badJsonLine(source, l.line, (e as Error).message));
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new InputError(wfMsg.notJsonObject(source, l.line));
    }
    // A last line may end in a lone \r (no \n after it): no part of the record either.
    out.push({ line: l.text.replace(/\r$/, ""), value: value as Record<string, unknown> });
  }
  return out;
}

/** A record's identity: the key fields when given and present, else its canonical JSON. */
export function recordKey(r: JsonRecord, key: string[] | undefined): string {
  // The merge drivers' identity: exact numbers, so ids past 2^53 never collapse into one. A
  // line too deeply nested for it (parsed fine by JSON.parse) is identified by its text.
  try {
    return jsonRecord(r.line, key).id;
  } catch {
    return r.line.trim();
  }
}

/** Text with a final newline, so appended lines start on their own line. */
export function withFinalNewline(text: string): string {
  return text === "" || text.endsWith("\n") ? text : `${text}\n`;
}
