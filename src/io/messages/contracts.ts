import { P } from "./common.js";

/** One table error as the messages list it. */
export interface TableErrorLine {
  row: number | null;
  field: string | null;
  type: string;
  message: string;
}

const SHOWN = 10;

/** "row 5, age: constraint-error: ..." */
export const errorLine = (e: TableErrorLine) =>
  `${e.row === null ? "header" : `row ${e.row}`}${e.field ? `, ${e.field}` : ""}: ${e.type}: ${e.message}`;

/** Messages of data contracts (Frictionless Table Schema): validate, infer-schema, the rule. */
export const contractMsg = {
  tableErrors: (
    path: string,
    schema: string,
    errors: TableErrorLine[],
    total: number,
    appended: boolean,
  ) => ({
    text: `${path} breaks its Table Schema ${schema}: ${total} error${total === 1 ? "" : "s"}${appended ? " in the appended rows (keys checked against the whole file)" : ""}:\n${errors
      .slice(0, SHOWN)
      .map((e) => `    ${errorLine(e)}`)
      .join("\n")}${total > SHOWN ? `\n    ... and ${total - SHOWN} more` : ""}`,
    fix: `run \`mlbranch validate ${path}\` for every error (Frictionless row numbers: the header is row 1); fix the rows, or the schema ${schema} when it is the schema that is wrong`,
  }),
  brokenSchema: (path: string, schema: string, problems: string[]) => ({
    text: `${path} cannot be checked: its Table Schema ${schema} is not usable:\n${problems.map((p) => `    ${schema}: ${p}`).join("\n")}`,
    fix: `fix ${schema} (see https://datapackage.org/standard/table-schema/), or the tableSchema path in mlbranch.json`,
  }),
  schemaMissing: (path: string, schema: string) => ({
    text: `${path} cannot be checked: its Table Schema ${schema} (files[...].tableSchema in mlbranch.json) is not in this commit`,
    fix: `commit ${schema} with the data, or fix the tableSchema path in mlbranch.json`,
  }),
  notTable: (path: string, schema: string) => ({
    text: `${path} has a Table Schema (${schema}) but is not a CSV, TSV or JSON Lines file`,
    fix: "give tableSchema only to .csv, .tsv, .jsonl and .ndjson globs in mlbranch.json",
  }),
  lfsAbsent: (path: string) => ({
    text: `${path} is a Git LFS pointer whose object is not here, so its data contract was not checked`,
    fix: "git lfs fetch the object (or push it) and check again",
  }),
  brokenSchemaCli: (schema: string, problems: string[]) =>
    `${P} ${schema} is not a usable Table Schema:\n${problems.map((p) => `  ${schema}: ${p}`).join("\n")}\nFix it (https://datapackage.org/standard/table-schema/) or the tableSchema path in mlbranch.json.`,
  schemaMissingCli: (schema: string, path: string) =>
    `${P} ${schema} (the Table Schema mlbranch.json names for ${path}) does not exist; add it (mlbranch infer-schema ${path} writes a start) or fix the path.`,
  inferWhat: (help: string) => `${P} name one CSV, TSV or JSON Lines file.\n\n${help}`,
  inferNotTable: (path: string) =>
    `${P} ${path} is not a CSV, TSV or JSON Lines file (by its extension).`,
  inferUnreadable: (path: string, why: string) => `${P} cannot read ${path} as a table: ${why}.`,
  inferWrote: (out: string, fields: number, rows: number) =>
    `${P} wrote ${out}: ${fields} field${fields === 1 ? "" : "s"} from ${rows} row${rows === 1 ? "" : "s"}; review it, then name it in mlbranch.json (files["<glob>"].tableSchema) and commit both.`,
};
