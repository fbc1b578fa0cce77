import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateTable } from "../../src/quality/contracts/validateTable.js";
import { exactErrors, readRef, SCHEMAS, table, textOf } from "../helpers/contractTables.js";

// The fast CSV path (rows read in place, cells checked on their characters, keys hashed in
// place) must report exactly what the exact path (a string per cell, every cell cast) reports:
// same rows, fields, types and messages, on any text.

describe("the fast CSV path", () => {
  it("does not hang on an unclosed quote that runs into a last line without a line end", () => {
    const text = 'id,age\n1,2\n"3,4\n5';
    const fast = validateTable({ schema: SCHEMAS[3], format: "csv", data: { text }, readRef });
    expect(fast.errors.map((e) => [e.row, e.type])).toEqual([[3, "source-error"]]);
  });

  it("reports the same errors as the exact path on random CSVs", () => {
    fc.assert(
      fc.property(table, (t) => {
        const schema = SCHEMAS[t.schema];
        const text = textOf(t);
        const fast = validateTable({ schema, format: "csv", data: { text }, readRef });
        expect(fast).toEqual(exactErrors(schema, text));
      }),
      { numRuns: 1500 },
    );
  });

  it("finds what the exact path finds on a plain table (each kind of error, in the exact path's order)", () => {
    const schema = SCHEMAS[0];
    const text = [
      "id,email,age,score,country,day,team",
      "1,a@b.co,30,0.5,DE,2024-02-29,1",
      "2,a@b.co,131,1,XX,2023-02-29,9",
      "1,c@d.co,30,0.5,DE,2024-02-29,1",
      "3,c@d.co,-1,0.250,FR,2020-01-01,007",
      "3,c@d.co,-1,0.250,FR,2020-01-01,007",
      ",,,,,,",
    ].join("\n");
    const fast = validateTable({ schema, format: "csv", data: { text }, readRef });
    expect(fast).toEqual(exactErrors(schema, text));
    expect(fast.errors.map((e) => [e.row, e.field, e.type])).toEqual([
      [3, "age", "constraint-error"],
      [3, "score", "constraint-error"],
      [3, "country", "constraint-error"],
      [3, "day", "type-error"],
      [3, "email", "unique-error"],
      [3, "team", "foreign-key"],
      [4, "id", "primary-key"],
      [5, "age", "constraint-error"],
      [5, "email", "unique-error"],
      [6, null, "duplicate-row"],
      [7, null, "blank-row"],
    ]);
  });
});
