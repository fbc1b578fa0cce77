import { resolve } from "node:path";
import { EXIT, UsageError } from "../io/errors.js";
import { cliMsg } from "../io/messages/common.js";
import { sqliteMsg } from "../io/messages/sqlite.js";
import { resolveConflicts } from "../merge/sqlite/resolveConflicts.js";
import type { Command } from "./command.js";
import { isNotebookPath, notebookResolveCommand } from "./notebookConflicts.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch resolve <database> --ours|--theirs [--table <name>] [--json]
       mlbranch resolve <notebook.ipynb> --ours|--theirs [--json]

Settle the conflicts an SQLite merge left in <database>: --theirs writes theirs' version of each
conflicting row (or deletes it where theirs deleted it), --ours keeps the rows as they are. The
settled entries leave mlbranch_conflicts; the table is dropped when none are left. Triggers do
not fire. Schema conflicts always keep ours' definition.
For a Jupyter notebook: every cell in conflict takes that side's lines of each marker block, a
cell that side deleted goes, metadata set differently takes that side's values.

  --ours          keep ours' rows
  --theirs        take theirs' rows
  --table <name>  only this table's conflicts
  --json          print {resolved, left, schemaKept} as JSON
  -h, --help      this help

Examples:
  mlbranch resolve tracking/mlflow.db --theirs
  mlbranch resolve labels.sqlite --ours --table labels && git add labels.sqlite
  mlbranch resolve analysis/eda.ipynb --theirs && git add analysis/eda.ipynb`;

/** \`mlbranch resolve <db> --ours|--theirs\`: settle recorded SQLite conflicts with one side. */
export const resolveCommand: Command = {
  name: "resolve",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      {
        ours: { type: "boolean" },
        theirs: { type: "boolean" },
        table: { type: "string" },
        json: { type: "boolean" },
      },
      help,
    );
    const file = positionals[0];
    if (!file) throw new UsageError(cliMsg.needsDatabase(help));
    if (!values.ours === !values.theirs)
      throw new UsageError(`${sqliteMsg.resolveNeedsSide()}\n\n${help}`);
    const side = values.theirs ? "theirs" : "ours";
    if (isNotebookPath(file)) return notebookResolveCommand(io, file, side, !!values.json);
    const r = resolveConflicts(resolve(io.cwd, file), side, values.table as string | undefined);
    if (values.json) {
      io.out(JSON.stringify(r));
      return EXIT.ok;
    }
    if (!r.resolved) {
      io.out(sqliteMsg.noConflicts(file));
      return EXIT.ok;
    }
    io.out(sqliteMsg.resolved(file, r.resolved, side, r.left));
    if (r.schemaKept) io.err(sqliteMsg.schemaKept(r.schemaKept));
    return EXIT.ok;
  },
};
