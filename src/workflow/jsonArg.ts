import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";

/** A command-line value that is inline JSON ("{...}") or the path of a JSON file; an object. */
export function readJsonArg(value: string, option: string, cwd: string): Record<string, unknown> {
  const inline = value.trim().startsWith("{");
  let text = value;
  if (!inline) {
    try {
      text = readFileSync(resolve(cwd, value), "utf8");
    } catch {
      throw new UsageError(wfMsg.jsonArgMissing(option, value));
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(wfMsg.jsonArgInvalid(option, inline ? null : value, (e as Error).message));
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new UsageError(wfMsg.jsonArgInvalid(option, inline ? null : value, "not a JSON object"));
  }
  return data as Record<string, unknown>;
}
