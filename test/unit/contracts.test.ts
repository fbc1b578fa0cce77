import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CompiledSchema, compileTableSchema } from "../../src/quality/contracts/schema.js";
import { SchemaProblems, type TableFormat } from "../../src/quality/contracts/types.js";
import { validateTable } from "../../src/quality/contracts/validateTable.js";
import { type CorpusTable, corpusText } from "../helpers/contractCorpus.js";

// The planted-error corpus: each row below the first breaks exactly one thing, in CSV, TSV and
// JSON Lines; every error must be found at its row and field, and nothing else.

const FIX = join(import.meta.dirname, "../fixtures/contracts");
const schemaOf = (name: string, text?: string): CompiledSchema => {
  const s = compileTableSchema(text ?? readFileSync(join(FIX, name), "utf8"), name);
  if (s instanceof SchemaProblems) throw new Error(s.problems.join("\n"));
  return s;
};
const typesOf = (schema: CompiledSchema) =>
  Object.fromEntries(schema.fields.map((f) => [f.name, f.kind.describe.split(" ")[0]]));
const TEAMS = "id,name\n1,Red\n2,Blue\n";

function check(schema: CompiledSchema, table: CorpusTable, format: TableFormat, oldRows?: number) {
  const text = corpusText(table, format);
  let oldLength: number | undefined;
  if (oldRows !== undefined) {
    const lines = text.split("\n");
    oldLength = lines.slice(0, oldRows + (format === "jsonl" ? 0 : 1)).join("\n").length + 1;
  }
  const { errors } = validateTable({
    schema,
    format,
    data: { text },
    oldLength,
    readRef: (p) => (p === "data/teams.csv" ? { text: TEAMS } : null),
  });
  return errors.map((e) => [e.row, e.field, e.type]);
}

const people = schemaOf("people.schema.json");
const P = ["id", "email", "name", "age", "score", "country", "team", "parent", "code"];
const ok = (id: number, over: Partial<Record<string, string>> = {}) =>
  P.map(
    (k) =>
      over[k] ??
      {
        id: String(id),
        email: `p${id}@x.org`,
        name: "Ann",
        age: "30",
        score: "50.5",
        country: "FR",
        team: "1",
        parent: "",
        code: `c${id}`,
      }[k]!,
  );
const peopleRows: (string[] | null)[] = [
  ok(1), // row 2
  ok(2, { name: "" }), // 3 required
  ok(3, { name: "X" }), // 4 minLength
  ok(4, { name: "Bartholomew" }), // 5 maxLength (11)
  ok(5, { name: "bob" }), // 6 pattern
  ok(6, { age: "-1" }), // 7 minimum
  ok(7, { age: "131" }), // 8 maximum
  ok(8, { score: "0" }), // 9 exclusiveMinimum
  ok(9, { score: "100" }), // 10 exclusiveMaximum
  ok(10, { country: "XX" }), // 11 enum
  ok(11, { email: "p1@x.org" }), // 12 unique
  ok(1, { email: "p12@x.org", code: "c12" }), // 13 primary key (id 1 is row 2's)
  ok(13, { team: "99" }), // 14 foreign key to data/teams.csv
  ok(14, { parent: "77" }), // 15 foreign key to this file
  ok(15, { code: "c1" }), // 16 unique key (code, country) = row 2's
  null, // 17 blank row
  ok(1), // 18 a copy of row 2: duplicate-row only
  ok(18).slice(0, 8), // 19 missing cell (code)
  [...ok(19), "surplus"], // 20 extra cell
  ok(20, { email: "NA" }), // 21 a missing value in a required field
  ok(21, { parent: "22", age: "007", score: "1e1" }), // 22 forward reference (row 23), exact numbers
  ok(22, { parent: "1", team: "2" }), // 23 fine
];
const peopleTable: CorpusTable = { header: P, rows: peopleRows, types: typesOf(people) };
const peopleExpected = (format: TableFormat) => [
  [3, "name", "constraint-error"],
  [4, "name", "constraint-error"],
  [5, "name", "constraint-error"],
  [6, "name", "constraint-error"],
  [7, "age", "constraint-error"],
  [8, "age", "constraint-error"],
  [9, "score", "constraint-error"],
  [10, "score", "constraint-error"],
  [11, "country", "constraint-error"],
  [12, "email", "unique-error"],
  [13, "id", "primary-key"],
  [14, "team", "foreign-key"],
  [15, "parent", "foreign-key"],
  [16, "code, country", "unique-error"],
  [17, null, "blank-row"],
  [18, null, "duplicate-row"],
  [19, "code", "missing-cell"],
  [20, format === "jsonl" ? "extra" : null, "extra-cell"],
  [21, "email", "constraint-error"],
];

const types = schemaOf("types.schema.json");
const T = types.fields.map((f) => f.name);
const good: Record<string, string> = {
  s: "hello",
  email: "a@b.co",
  uri: "https://x.org/a",
  uuid: "123e4567-e89b-12d3-a456-426614174000",
  num: "1.234,5",
  int: "42",
  flag: "yes",
  d: "2024-02-29",
  t: "12:30:00",
  dt: "2024-01-01T10:00:00Z",
  y: "2024",
  ym: "2024-05",
  dur: "P1DT2H",
  obj: '{"a":1}',
  arr: "[1,2]",
  any: "whatever",
  dfmt: "31/12/2023",
  bare: "€12.50",
};
const bad: [string, string][] = [
  ["email", "not-an-email"],
  ["uri", "not a uri"],
  ["uuid", "123"],
  ["num", "1,2,3"],
  ["int", "4.5"],
  ["flag", "maybe"],
  ["d", "2023-02-29"],
  ["t", "25:00:00"],
  ["dt", "2024-01-01 10:00"],
  ["y", "24"],
  ["ym", "2024-13"],
  ["dur", "1 day"],
  ["obj", "[1]"],
  ["arr", "{}"],
  ["dfmt", "2023-12-31"],
  ["bare", "abc"],
];
const typeRow = (id: number, over: [string, string] | null) =>
  T.map((k) => (k === "id" ? String(id) : over && over[0] === k ? over[1] : good[k]));
const typesTable: CorpusTable = {
  header: T,
  rows: [typeRow(1, null), ...bad.map((b, i) => typeRow(i + 2, b))],
  types: typesOf(types),
};

describe("Table Schema contracts: the planted-error corpus", () => {
  for (const format of ["csv", "tsv", "jsonl"] as const) {
    it(`finds every planted constraint, key and row error in ${format}, nothing else`, () => {
      expect(check(people, peopleTable, format)).toEqual(peopleExpected(format));
    });
    it(`finds every planted type error in ${format}, nothing else`, () => {
      expect(check(types, typesTable, format)).toEqual(
        bad.map((b, i) => [i + 3, b[0], "type-error"]),
      );
    });
    it(`checks only appended rows in ${format}, keys still against the whole file`, () => {
      // Rows 2-12 are old: only the errors from row 13 on, and row 13's key clashes with row 2.
      expect(check(people, peopleTable, format, 11)).toEqual(
        peopleExpected(format).filter((e) => (e[0] as number) >= 13),
      );
    });
  }
});
