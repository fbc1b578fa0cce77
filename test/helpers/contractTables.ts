import fc from "fast-check";
import { refKeys, type TableText } from "../../src/quality/contracts/refKeys.js";
import { RowReader, type RowSink } from "../../src/quality/contracts/rowReader.js";
import { type CompiledSchema, compileTableSchema } from "../../src/quality/contracts/schema.js";
import { TableValidator } from "../../src/quality/contracts/tableValidator.js";
import { SchemaProblems } from "../../src/quality/contracts/types.js";

// Random CSV tables and schemas for the contract tests that compare a fast path with the
// exact one (test/unit/contractsFastPath.test.ts, contractsParallel.test.ts).

export const compile = (o: object): CompiledSchema => {
  const s = compileTableSchema(JSON.stringify(o), "s.json");
  if (s instanceof SchemaProblems) throw new Error(s.problems.join("\n"));
  return s;
};
export const TEAMS = "id,name\n1,a\n2,b\n3,c\n007,d\n-0,e\n";
export const readRef = (p: string): TableText | null =>
  p === "teams.csv" ? { text: TEAMS } : null;

export const SCHEMAS: CompiledSchema[] = [
  compile({
    fields: [
      { name: "id", type: "integer" },
      { name: "email", type: "string", format: "email", constraints: { unique: true } },
      { name: "age", type: "integer", constraints: { minimum: 0, maximum: 130 } },
      { name: "score", type: "number", constraints: { minimum: 0, exclusiveMaximum: 1 } },
      { name: "country", type: "string", constraints: { enum: ["DE", "FR", "é"] } },
      { name: "day", type: "date" },
      { name: "team", type: "integer" },
    ],
    primaryKey: ["id"],
    foreignKeys: [{ fields: ["team"], reference: { resource: "teams.csv", fields: ["id"] } }],
  }),
  compile({
    fields: [
      { name: "id", type: "number", constraints: { required: true } },
      { name: "email", type: "string", constraints: { minLength: 2, maxLength: 4 } },
      { name: "age", type: "integer", constraints: { unique: true, maximum: 1e20 } },
      { name: "score", type: "number" },
      { name: "country", type: "string", constraints: { pattern: "[A-Z]+" } },
      { name: "day", type: "date", constraints: { minimum: "2020-01-01" } },
      { name: "team", type: "string" },
    ],
    foreignKeys: [{ fields: ["team"], reference: { resource: "", fields: ["email"] } }],
  }),
  compile({
    fields: [
      { name: "id", type: "string" },
      { name: "email", type: "string", format: "email" },
      { name: "age", type: "integer" },
      { name: "score", type: "number", decimalChar: "," },
    ],
    primaryKey: ["id"],
    fieldsMatch: "subset",
  }),
  compile({
    fields: [
      { name: "id", type: "integer" },
      { name: "age", type: "integer", missingValues: ["", "NA"] },
    ],
    primaryKey: ["id"],
  }),
];

export const odd = [
  "1",
  "2",
  "3",
  "7",
  "007",
  "-0",
  "0",
  "+1",
  " 1",
  "1 ",
  "1e5",
  "0x10",
  "1_000",
  "NaN",
  "INF",
  "1.5",
  "0.25",
  "0.250",
  ".5",
  "5.",
  "-3",
  "130",
  "131",
  "0.9999999",
  "1.0",
  "123456789012345",
  "1234567890123456",
  "-123456789012345",
  "0.0000001",
  "a@b.c",
  "x@y.org",
  "@b.c",
  "a@.c",
  "a@b.",
  "a@@b.c",
  "é@x.fr",
  "DE",
  "FR",
  "é",
  "de",
  "2024-02-29",
  "2023-02-29",
  "2020-13-01",
  "2019-12-31",
  "NA",
  "",
  "ab",
  "abcde",
  "😀x",
  "日本",
];
export const cell = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...odd) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom("a", "1", ",", '"', "\r", "\n", "é", " ", "@", ".", "-", "\t"),
    }),
  },
);
// A cell as written: mostly bare, sometimes quoted (quotes doubled).
export const written = fc
  .tuple(cell, fc.integer({ min: 0, max: 9 }))
  .map(([v, q]) => (q === 0 ? `"${v.replaceAll('"', '""')}"` : v));
export const header = fc.oneof(
  { weight: 5, arbitrary: fc.constant(["id", "email", "age", "score", "country", "day", "team"]) },
  { weight: 1, arbitrary: fc.constant(["id", "age"]) },
  { weight: 1, arbitrary: fc.constant(["id", "email", "age", "x", "id"]) },
);
export const table = fc.record({
  schema: fc.integer({ min: 0, max: SCHEMAS.length - 1 }),
  bom: fc.boolean(),
  header,
  rows: fc.array(
    fc.tuple(
      fc.array(written, { minLength: 0, maxLength: 9 }),
      fc.constantFrom("\n", "\r\n"),
      fc.integer({ min: 0, max: 4 }),
    ),
    { maxLength: 30 },
  ),
  endsWithNewline: fc.boolean(),
});

export type Table = typeof table extends fc.Arbitrary<infer T> ? T : never;

export function textOf(t: Table): string {
  const lines: string[] = [];
  const seen: string[] = [];
  let out = `${t.bom ? "\uFEFF" : ""}${t.header.join(",")}\n`;
  for (const [cells, eol, copy] of t.rows) {
    // Now and then a copy of an earlier row (duplicate rows and keys).
    const line = copy === 0 && seen.length ? seen[seen.length - 1] : cells.join(",");
    seen.push(line);
    lines.push(line + eol);
  }
  out += lines.join("");
  return t.endsWithNewline ? out : out.replace(/\r?\n$/, "");
}

// The exact path: the same validator fed cells as strings (a sink without csvPlain).
export function exactErrors(schema: CompiledSchema, text: string) {
  const v = new TableValidator(schema, {
    format: "csv",
    refs: (fk) => refKeys(schema, fk, readRef(fk.resource)),
  });
  const sink: RowSink = {
    csvRow: (cells, t) => v.csvRow(cells, t),
    jsonRow: (x, t) => v.jsonRow(x, t),
    sourceError: (m) => v.sourceError(m),
  };
  const reader = new RowReader("csv", sink);
  reader.push(text);
  reader.end();
  const errors = v.finish();
  return { errors, total: v.total };
}
