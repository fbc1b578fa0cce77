import { readFileSync } from "node:fs";
import { EXIT, MlbranchError } from "../errors.js";
import { msg } from "../messages.js";
import { packageFile } from "../paths.js";
import type { Io } from "./command.js";
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

/** The process's real streams. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    stdin: async () => {
      if (process.stdin.isTTY) return "";
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
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
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(msg.usage(`unknown command "${name}".`, mainHelp()));
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(cmd.help);
    return EXIT.ok;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof MlbranchError) {
      io.err(e.message);
      return e.exitCode;
    }
    io.err(msg.unexpected(e));
    return EXIT.internal;
  }
}
