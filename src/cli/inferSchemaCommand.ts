import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { atomicWrite } from "../io/atomicWrite.js";
import { EXIT, InputError, UsageError } from "../io/errors.js";
import { validateMsg } from "../io/messages/common.js";
import { contractMsg } from "../io/messages/contracts.js";
import { inferSchema } from "../quality/contracts/inferSchema.js";
import { tableFormatOf } from "../quality/contracts/types.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch infer-schema <file> [--out <schema.json>] [--force]

Write a starting Frictionless Table Schema (v2) for a CSV, TSV or JSON Lines table, read from
its data: each column's type (integer, number, boolean, date, datetime, time, object, array,
else string), "required" where no value is missing, and an enum for strings with few values
(at most 10, each seen twice on average). Edit it (keys, ranges, patterns), then name it in
mlbranch.json and commit both:

  "files": { "data/items.csv": { "tableSchema": "schemas/items.json" } }

  --out <file>   write the schema there (default: print it on stdout)
  --force        replace an existing --out file
  -h, --help     this help

Exit codes: 0 written, 2 usage error or a file that cannot be read as a table.

Examples:
  mlbranch infer-schema data/items.csv --out schemas/items.json
  mlbranch infer-schema data/events.jsonl > schemas/events.json`;

/** \`mlbranch infer-schema\`: a starting Table Schema from a table's data. */
export const inferSchemaCommand: Command = {
  name: "infer-schema",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { out: { type: "string" }, force: { type: "boolean" } },
      help,
      true,
    );
    if (positionals.length !== 1) throw new UsageError(contractMsg.inferWhat(help));
    const file = resolve(io.cwd, positionals[0]);
    if (!statSync(file, { throwIfNoEntry: false })?.isFile())
      throw new UsageError(validateMsg.noSuchFile([positionals[0]]));
    const format = tableFormatOf(file);
    if (!format) throw new UsageError(contractMsg.inferNotTable(positionals[0]));
    const { schema, rows, problem } = inferSchema({ file }, format);
    if (problem) throw new InputError(contractMsg.inferUnreadable(positionals[0], problem));
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    if (!values.out) {
      io.out(text.trimEnd());
      return EXIT.ok;
    }
    const out = resolve(io.cwd, values.out);
    if (existsSync(out) && !values.force)
      throw new UsageError(`mlbranch: ${values.out} exists; pass --force to replace it.`);
    mkdirSync(dirname(out), { recursive: true });
    atomicWrite(out, text);
    io.err(
      contractMsg.inferWrote(
        relative(io.cwd, out) || values.out,
        (schema as { fields: unknown[] }).fields.length,
        rows,
      ),
    );
    return EXIT.ok;
  },
};
