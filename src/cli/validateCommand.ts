import { relative, resolve } from "node:path";
import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { validateFile } from "../validate/validateFile.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch validate <file>...

Check data files before they are committed (lint-staged runs this on staged files):
JSON and JSON Lines files parse, and satisfy the JSON Schema that mlbranch.json names for their
path (files["<glob>"].schema, tracking.schema); SQLite files pass PRAGMA integrity_check
(opened read-only); SQLite -wal, -shm and -journal files are refused.

Exit codes: 0 all fine, 1 a file has problems, 2 usage or config error.

Example: mlbranch validate data/labels.jsonl data/features.sqlite`;

/** `mlbranch validate`: the data-file checks lint-staged runs on staged files. */
export const validateCommand: Command = {
  name: "validate",
  help,
  run(args, io) {
    const { positionals } = parseArgs(args, {}, help, true);
    if (!positionals.length) throw new UsageError(`mlbranch: give the files to check.\n\n${help}`);
    const root = repoRoot(io.cwd);
    const config = loadConfig(root);
    let bad = 0;
    for (const f of positionals) {
      const path = relative(root, resolve(io.cwd, f)).split("\\").join("/");
      const problems = validateFile(root, config, path);
      if (problems.length) bad++;
      for (const p of problems) io.err(`mlbranch: ${path} ${p}`);
    }
    if (bad)
      io.err(
        `mlbranch: ${bad} data file${bad === 1 ? "" : "s"} refused; fix ${bad === 1 ? "it" : "them"} and stage again.`,
      );
    return bad ? EXIT.violation : EXIT.ok;
  },
};
