import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { cliMsg, validateMsg } from "../io/messages/common.js";
import { validateFile } from "../validate/validateFile.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";
import { tableResults } from "./validateTables.js";

const help = `Usage: mlbranch validate [--json] [--max-errors <n>] <file>...

Check data files before they are committed (lint-staged runs this on staged files):
JSON and JSON Lines files parse, and satisfy the JSON Schema that mlbranch.json names for their
path (files["<glob>"].schema, tracking.schema); SQLite files pass PRAGMA integrity_check
(opened read-only); SQLite -wal, -shm and -journal files are refused; each JSON Lines line
must be an object. CSV and TSV files are read as the merge drivers read them (RFC 4180 quoting:
a quoted field may span lines; every row as wide as the header). Bytes that are not UTF-8
(Latin-1) are read one character per byte, never replaced.
CSV, TSV and JSON Lines tables with a Frictionless Table Schema (files["<glob>"].tableSchema)
are checked against it: types, constraints, primary, unique and foreign keys. The report is
grouped by file: row (Frictionless numbering: the header is row 1, the first record row 2),
field, error type (type-error, constraint-error, unique-error, missing-cell, extra-cell,
blank-row, duplicate-row, primary-key, foreign-key, missing-label, extra-label, blank-label,
duplicate-label, incorrect-label, source-error) and message.

  --json             print {ok, errors: [{file, row, field, type, message}], files: [{path, ok,
                     problems}], schemaProblems (when a Table Schema is unusable)} on stdout
  --max-errors <n>   table errors kept per file (default 1000; all are counted)
  -h, --help         this help

Exit codes: 0 all fine, 1 a file has problems, 2 usage or config error (a file that does not
exist, or a Table Schema that is not usable: its path and problem are printed).

Examples:
  mlbranch validate data/labels.jsonl data/features.sqlite
  mlbranch validate --json tracking/runs.jsonl
  mlbranch validate data/clean/items.csv`;

/** `mlbranch validate`: the data-file checks lint-staged runs on staged files. */
export const validateCommand: Command = {
  name: "validate",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { json: { type: "boolean" }, "max-errors": { type: "string" } },
      help,
      true,
    );
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
    const tables = tableResults(root, config, files, values["max-errors"], help);
    const bad = files.filter((f) => !f.ok).length;
    if (values.json)
      io.out(
        JSON.stringify(
          {
            ok: bad === 0 && !tables.broken.length,
            errors: tables.errors,
            files,
            ...(tables.broken.length ? { schemaProblems: tables.broken } : {}),
          },
          null,
          2,
        ),
      );
    else {
      for (const f of files) for (const p of f.problems) io.err(cliMsg.fileProblem(f.path, p));
      if (tables.report) io.out(tables.report);
      if (bad) io.err(validateMsg.refused(bad));
    }
    // An unusable schema is a diagnostic either way (exit 2), never only a JSON field.
    for (const b of tables.broken) io.err(b);
    return tables.broken.length ? EXIT.usage : bad ? EXIT.violation : EXIT.ok;
  },
};
