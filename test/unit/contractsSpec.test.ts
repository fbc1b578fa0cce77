import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CompiledSchema, compileTableSchema } from "../../src/quality/contracts/schema.js";
import { SchemaProblems, type TableFormat } from "../../src/quality/contracts/types.js";
import { validateTable } from "../../src/quality/contracts/validateTable.js";

const FIX = join(import.meta.dirname, "../fixtures/contracts");

const compile = (schema: object): CompiledSchema | SchemaProblems =>
  compileTableSchema(JSON.stringify(schema), "schema.json");
function errorsOf(schema: object, text: string, format: TableFormat = "csv") {
  const s = compile(schema);
  if (s instanceof SchemaProblems) throw new Error(s.problems.join("\n"));
  return validateTable({ schema: s, format, data: { text }, readRef: () => null }).errors.map(
    (e) => [e.row, e.field, e.type],
  );
}

describe("Table Schema contracts: Frictionless' own examples", () => {
  const { examples } = JSON.parse(readFileSync(join(FIX, "frictionless-examples.json"), "utf8"));
  for (const ex of examples as { name: string; schema: object; csv?: string; expect: string }[])
    it(ex.name, () => {
      const s = compile(ex.schema);
      if (ex.expect === "ok") {
        expect(s instanceof SchemaProblems ? s.problems : []).toEqual([]);
        expect(errorsOf(ex.schema, ex.csv!)).toEqual([]);
      } else {
        expect(s).toBeInstanceOf(SchemaProblems);
        expect((s as SchemaProblems).problems.join("\n")).toContain(ex.expect);
      }
    });
});

describe("Table Schema contracts: header labels and fieldsMatch", () => {
  const three = { fields: [{ name: "id" }, { name: "name" }, { name: "age" }] };
  it("reports blank, duplicate, extra and missing labels (equal)", () => {
    expect(
      errorsOf({ ...three, fieldsMatch: "equal" }, "id,,name,name,extra\n1,x,Al,Bo,z\n"),
    ).toEqual([
      [1, null, "blank-label"],
      [1, "name", "duplicate-label"],
      [1, "extra", "extra-label"],
      [1, "age", "missing-label"],
    ]);
  });
  it("exact: a wrong name at a position, a missing and an extra column", () => {
    expect(errorsOf(three, "id,nme,age\n1,a,2\n")).toEqual([[1, "name", "incorrect-label"]]);
    expect(errorsOf(three, "id,name\n1,a\n")).toEqual([[1, "age", "missing-label"]]);
    expect(errorsOf(three, "id,name,age,x\n1,a,2,3\n")).toEqual([[1, "x", "extra-label"]]);
  });
  it("subset allows extra columns, superset missing ones, partial needs one", () => {
    expect(errorsOf({ ...three, fieldsMatch: "subset" }, "age,x,id,name\n1,2,3,4\n")).toEqual([]);
    expect(errorsOf({ ...three, fieldsMatch: "subset" }, "id,x\n1,2\n")).toEqual([
      [1, "name", "missing-label"],
      [1, "age", "missing-label"],
    ]);
    expect(errorsOf({ ...three, fieldsMatch: "superset" }, "age,id\n1,2\n")).toEqual([]);
    expect(errorsOf({ ...three, fieldsMatch: "superset" }, "age,x\n1,2\n")).toEqual([
      [1, "x", "extra-label"],
    ]);
    expect(errorsOf({ ...three, fieldsMatch: "partial" }, "age,x\n1,2\n")).toEqual([]);
    expect(errorsOf({ ...three, fieldsMatch: "partial" }, "y,x\n1,2\n")).toEqual([
      [1, null, "missing-label"],
    ]);
  });
  it("maps columns by name outside exact: a type error lands on its field", () => {
    const s = {
      fields: [
        { name: "a", type: "integer" },
        { name: "b", type: "integer" },
      ],
      fieldsMatch: "equal",
    };
    expect(errorsOf(s, "b,a\n1,x\n")).toEqual([[2, "a", "type-error"]]);
  });
  it("JSON Lines: absent keys and unknown keys by fieldsMatch; bad lines are source errors", () => {
    const s = { fields: [{ name: "a", type: "integer" }, { name: "b" }] };
    expect(
      errorsOf(s, '{"a":1,"b":"x"}\n{"a":2}\n{"a":3,"b":"y","c":1}\n[1]\n{oops\n', "jsonl"),
    ).toEqual([
      [3, "b", "missing-cell"],
      [4, "c", "extra-cell"],
      [5, null, "source-error"],
      [6, null, "source-error"],
    ]);
    expect(errorsOf({ ...s, fieldsMatch: "subset" }, '{"a":1,"b":"x","c":2}\n', "jsonl")).toEqual(
      [],
    );
    expect(errorsOf({ ...s, fieldsMatch: "superset" }, '{"a":1}\n', "jsonl")).toEqual([]);
  });
  it("numbers stay exact: keys past 2^53 differ, bounds compare by decimal value", () => {
    const s = {
      fields: [
        { name: "id", type: "integer" },
        { name: "x", type: "number", constraints: { maximum: 0.1 } },
      ],
      primaryKey: "id",
    };
    expect(
      errorsOf(s, "id,x\n9007199254740992,0.1\n9007199254740993,0.10000000000000001\n"),
    ).toEqual([[3, "x", "constraint-error"]]);
    expect(
      errorsOf(s, '{"id":9007199254740993,"x":0.1}\n{"id":9007199254740993.0,"x":0}\n', "jsonl"),
    ).toEqual([[3, "id", "primary-key"]]);
  });
  it("a quoted cell may span lines (RFC 4180); the row numbers count rows, as Frictionless does", () => {
    const s = { fields: [{ name: "a" }, { name: "b", type: "integer" }] };
    expect(errorsOf(s, 'a,b\n"line 1\nline 2",1\nz,x\n')).toEqual([[3, "b", "type-error"]]);
    expect(errorsOf(s, 'a,b\n"never closed,1\n')).toEqual([[2, null, "source-error"]]);
  });
});
