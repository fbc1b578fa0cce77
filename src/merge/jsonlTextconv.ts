import { readFileSync } from "node:fs";
import { cliMsg } from "../io/messages/common.js";
import { readJson } from "../records/exactJson.js";
import { canonicalJson } from "../records/identity.js";
import { splitLines } from "../records/lines.js";

/** One canonical record per line (keys sorted, no spaces); lines that are not JSON pass through. */
export function jsonlTextconv(text: string): string {
  const out: string[] = [];
  for (const l of splitLines(text)) {
    if (l.text.trim() === "") continue;
    try {
      out.push(canonicalJson(readJson(l.text)));
    } catch {
      out.push(l.text);
    }
  }
  return out.length ? `${out.join("\n")}\n` : "";
}

/** The textconv entry: `git diff` calls it with one file path and reads stdout. */
export function runJsonlTextconv(argv: string[]): number {
  const file = argv[0];
  if (!file) {
    process.stderr.write(`${cliMsg.textconvUsage()}\n`);
    return 2;
  }
  try {
    process.stdout.write(jsonlTextconv(readFileSync(file, "utf8")));
    return 0;
  } catch (e) {
    process.stderr.write(`${cliMsg.cannotRead(file, (e as Error).message)}\n`);
    return 2;
  }
}
