import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { isJsonObject, readJson } from "../records/exactJson.js";
import { jsonKind } from "../records/recordFile.js";

// Text that can only be meant as inline JSON, not as a file name.
const INLINE = /^\s*([{["]|-?\d|true\b|false\b|null\b)/;

/**
 * A command-line value that is inline JSON ("{...}") or the path of a JSON file; an object.
 * Numbers are kept as written (ExactNumber where a double would change them: 64-bit ids,
 * 128-bit seeds, 1e309, 1e-400), for stringifyJson to write back unchanged.
 */
export function readJsonArg(value: string, option: string, cwd: string): Record<string, unknown> {
  const file = resolve(cwd, value);
  const inline = !existsSync(file) && INLINE.test(value);
  let text = value;
  if (!inline) {
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new UsageError(wfMsg.jsonArgMissing(option, value));
    }
  }
  let data: unknown;
  try {
    data = readJson(text);
  } catch (e) {
    throw new UsageError(wfMsg.jsonArgInvalid(option, inline ? null : value, (e as Error).message));
  }
  if (!isJsonObject(data)) {
    const why = `a JSON ${jsonKind(data)}, not an object of names and values`;
    throw new UsageError(wfMsg.jsonArgInvalid(option, inline ? null : value, why));
  }
  return data;
}
