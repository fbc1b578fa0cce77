import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { EXIT, InputError } from "../io/errors.js";
import { cliMsg } from "../io/messages/common.js";
import { sqliteMsg } from "../io/messages/sqlite.js";
import { conflictGuard } from "../io/messages/workflowGuards.js";
import { readConflicts } from "../merge/sqlite/conflicts.js";
import { openForReading } from "../merge/sqlite/dumpDatabase.js";
import type { Command } from "./command.js";
import { isNotebookPath, notebookConflictsCommand } from "./notebookConflicts.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch conflicts <database> [--table <name>] [--json]
       mlbranch conflicts <notebook.ipynb> [--json]

Show the conflicts an SQLite merge left in <database> (its table mlbranch_conflicts): for each,
the table, the primary key, why, and the row as base, ours and theirs had it.
For a Jupyter notebook: the cells the mlbranch-ipynb merge left in conflict (marker lines in
the source, or a "mlbranch" note in the cell's metadata), with their place, id and reason.

  --table <name>  only this table's conflicts
  --json          the conflicts as a JSON array (base/ours/theirs parsed)
  -h, --help      this help

Exit code: 0 when there are none, 1 when some remain.

Examples:
  mlbranch conflicts tracking/mlflow.db
  mlbranch conflicts labels.sqlite --table labels --json
  mlbranch conflicts analysis/eda.ipynb`;

const parse = (s: string | null) => (s === null ? null : JSON.parse(s));

/** \`mlbranch conflicts <db>\`: the conflicts an SQLite merge left, for a person or as JSON. */
export const conflictsCommand: Command = {
  name: "conflicts",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { table: { type: "string" }, json: { type: "boolean" } },
      help,
    );
    const file = positionals[0];
    if (!file) {
      io.err(cliMsg.needsDatabase(help));
      return EXIT.usage;
    }
    if (isNotebookPath(file)) return notebookConflictsCommand(io, file, !!values.json);
    if (!existsSync(resolve(io.cwd, file))) throw new InputError(sqliteMsg.dbMissing(file));
    const db = openForReading(resolve(io.cwd, file));
    let all: ReturnType<typeof readConflicts>;
    try {
      all = readConflicts(db);
    } finally {
      db.close();
    }
    // SQLite's table names ignore case ("Labels" is the table labels), so the filter does too.
    const want = (values.table as string | undefined)?.toLowerCase();
    const rows = want === undefined ? all : all.filter((r) => r.table.toLowerCase() === want);
    if (want !== undefined && !rows.length && all.length) {
      const left = [...new Set(all.map((r) => r.table))];
      io.err(conflictGuard.otherTables(file, values.table as string, all.length, left));
      return EXIT.violation;
    }
    if (values.json) {
      io.out(
        JSON.stringify(
          rows.map((r) => ({
            table: r.table,
            pk: parse(r.pk),
            reason: r.reason,
            base: parse(r.base),
            ours: parse(r.ours),
            theirs: parse(r.theirs),
          })),
          null,
          2,
        ),
      );
      return rows.length ? EXIT.violation : EXIT.ok;
    }
    if (!rows.length) {
      io.out(sqliteMsg.noConflicts(file));
      return EXIT.ok;
    }
    const lines = [`${file}: ${rows.length} conflict${rows.length === 1 ? "" : "s"}`];
    for (const r of rows) {
      lines.push("", `table ${r.table}${r.pk === null ? "" : `, key ${r.pk}`}: ${r.reason}`);
      for (const side of ["base", "ours", "theirs"] as const)
        lines.push(`  ${`${side}:`.padEnd(8)}${r[side] ?? "(none)"}`);
    }
    lines.push(
      "",
      `Settle them: mlbranch resolve ${file} --ours | --theirs [--table <name>], then git add ${file}.`,
    );
    io.out(lines.join("\n"));
    return EXIT.violation;
  },
};
