import { readFileSync } from "node:fs";
import { ConfigError, EXIT, MlbranchError } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { msg } from "../io/messages/common.js";
import { packageFile } from "../io/paths.js";
import { processIo } from "../io/processIo.js";
import { reportError } from "../io/reportError.js";
import { commands } from "./commands.js";

function version(): string {
  return JSON.parse(readFileSync(packageFile("package.json"), "utf8")).version;
}

/** `mlbranch --help`: every command with its one-line summary. */
export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Usage: mlbranch <command> [options]",
    "",
    "Branches are all you need: git rules, checks and merges for ML repositories.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `mlbranch <command> --help` for a command's options. Exit codes: 0 ok, 1 a rule said no, 2 usage or config error.",
  ].join("\n");
}

/** An error as `--json` output: {ok: false, error: {exitCode, message, errors?}}. */
export function jsonError(e: unknown, exitCode: number): string {
  const message =
    e instanceof MlbranchError
      ? e.message.replace(/^mlbranch: /, "").replace(/\n\nUsage:[\s\S]*$/, "")
      : `this is a bug: ${e instanceof Error ? e.message : String(e)}`;
  const errors = e instanceof ConfigError ? e.errors : undefined;
  return JSON.stringify(
    { ok: false, error: { exitCode, message, ...(errors ? { errors } : {}) } },
    null,
    2,
  );
}

/** Run one command line; the single top-level error handler. Returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(mainHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === "--version" || name === "-v") {
    io.out(version());
    return EXIT.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(msg.usage(`unknown command "${name}".`, mainHelp()));
    return EXIT.usage;
  }
  const cmd = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(cmd.help);
    return EXIT.ok;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    const code = reportError(e, io);
    // Machines asked for JSON: the error too, on stdout (the message stays on stderr for people).
    if (rest.includes("--json") && cmd.help.includes("--json")) io.out(jsonError(e, code));
    return code;
  }
}
