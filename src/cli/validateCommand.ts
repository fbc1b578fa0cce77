import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { cliMsg, validateMsg } from "../io/messages/common.js";
import { validateFile } from "../validate/validateFile.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch validate [--json] <file>...

Check data files before they are committed (lint-staged runs this on staged files):
JSON and JSON Lines files parse, and satisfy the JSON Schema that mlbranch.json names for their
path (files["<glob>"].schema, tracking.schema); SQLite files pass PRAGMA integrity_check
(opened read-only); SQLite -wal, -shm and -journal files are refused.

  --json       print {ok, files: [{path, ok, problems}]} on stdout
  -h, --help   this help

Exit codes: 0 all fine, 1 a file has problems, 2 usage or config error (a file that does not
exist included).

Examples:
  mlbranch validate data/labels.jsonl data/features.sqlite
  mlbranch validate --json tracking/runs.jsonl`;

/** `mlbranch validate`: the data-file checks lint-staged runs on staged files. */
export const validateCommand: Command = {
  name: "validate",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(args, { json: { type: "boolean" } }, help, true);
    if (!positionals.length) throw new UsageError(cliMsg.needsFiles(help));
    const absent = positionals.filter(
      (f) => !statSync(resolve(io.cwd, f), { throwIfNoEntry: false })?.isFile(),
    );
    if (absent.length) throw new UsageError(validateMsg.noSuchFile(absent));
    const root = repoRoot(io.cwd);
    const config = loadConfig(root);
    const files = positionals.map((f) => {
      const path = relative(root, resolve(io.cwd, f)).split("\\").join("/");
      const problems = validateFile(root, config, path);
      return { path, ok: problems.length === 0, problems };
    });
    const bad = files.filter((f) => !f.ok).length;
    if (values.json) io.out(JSON.stringify({ ok: bad === 0, files }, null, 2));
    else {
      for (const f of files) for (const p of f.problems) io.err(cliMsg.fileProblem(f.path, p));
      if (bad) io.err(validateMsg.refused(bad));
    }
    return bad ? EXIT.violation : EXIT.ok;
  },
};
