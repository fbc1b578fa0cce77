import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { validateInParallel } from "../../src/quality/contracts/parallelValidate.js";
import { validateTable } from "../../src/quality/contracts/validateTable.js";
import { exactErrors, readRef, SCHEMAS, table, textOf } from "../helpers/contractTables.js";

// A large file is checked in two parts at once (this thread and a worker): its report must be
// the one-pass report, row numbers, duplicates and keys across the cut included; when that is
// not certain (quotes, non-ASCII, a key in both halves) it must decline, never guess.

const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-contracts-par-")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fileOf = (text: string) => {
  const f = join(dir, `t${n++}.csv`);
  writeFileSync(f, text);
  return f;
};

// Mostly plain tables (ASCII, no quotes), so the two-part path runs rather than declines.
const plainCell = fc.constantFrom("1", "2", "3", "7", "007", "-0", "x", "", "1.5", "a@b.c", "DE");
const plainTable = fc.record({
  schema: fc.integer({ min: 0, max: SCHEMAS.length - 1 }),
  header: fc.constant(["id", "email", "age", "score", "country", "day", "team"]),
  rows: fc.array(
    fc.tuple(
      fc.oneof(
        fc
          .tuple(fc.integer({ min: 1, max: 10_000 }), plainCell, plainCell)
          .map(([id, a, b]) => [String(id), a, "30", "0.5", b, "2024-02-29", "2"].join(",")),
        fc.array(plainCell, { minLength: 0, maxLength: 9 }).map((c) => c.join(",")),
      ),
      fc.constantFrom("\n", "\r\n"),
      fc.integer({ min: 0, max: 6 }),
    ),
    { minLength: 2, maxLength: 40 },
  ),
  endsWithNewline: fc.boolean(),
});

const tableText = (t: {
  header: string[];
  rows: [string, string, number][];
  endsWithNewline: boolean;
}) => {
  const seen: string[] = [];
  let out = `${t.header.join(",")}\n`;
  for (const [line, eol, copy] of t.rows) {
    // Now and then a copy of a row some way back (a duplicate across the cut, maybe).
    const l = copy === 0 && seen.length ? seen[seen.length >> 1] : line;
    seen.push(l);
    out += l + eol;
  }
  return t.endsWithNewline ? out : out.replace(/\r?\n$/, "");
};

describe("a large CSV checked in two parts at once", () => {
  it("gives the one-pass report on plain random tables, or declines", () => {
    let ran = 0;
    fc.assert(
      fc.property(plainTable, fc.integer({ min: 1, max: 50 }), (t, max) => {
        const schema = SCHEMAS[t.schema];
        const text = tableText(t);
        const both = validateInParallel(
          { schema, format: "csv", data: { file: fileOf(text) }, readRef, maxErrors: max },
          t.rows.length,
          1,
        );
        if (both === null) return;
        ran++;
        const one = exactErrors(schema, text);
        expect(both).toEqual({ errors: one.errors.slice(0, max), total: one.total });
      }),
      { numRuns: 60 },
    );
    // The path under test must actually run, not decline every time.
    expect(ran).toBeGreaterThan(15);
  }, 120_000);

  it("declines text with quotes (a quoted line end may sit at the cut), and validateTable still gives the one-pass report", () => {
    fc.assert(
      fc.property(table, (t) => {
        const schema = SCHEMAS[t.schema];
        const text = textOf(t);
        const file = fileOf(text);
        const check = { schema, format: "csv" as const, data: { file }, readRef, parallelFrom: 1 };
        if (text.includes('"') || /[^\x00-\x7f]/.test(text))
          expect(validateInParallel(check, 10, 1)).toBeNull();
        expect(validateTable(check)).toEqual(exactErrors(schema, text));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("numbers the second part's rows after the first's, and declines a key in both halves", () => {
    const schema = SCHEMAS[3];
    const rows = Array.from({ length: 200 }, (_, i) => `${i + 1},${i % 37 === 0 ? "x" : i}`);
    const text = `id,age\n${rows.join("\n")}\n`;
    const check = { schema, format: "csv" as const, data: { file: fileOf(text) }, readRef };
    const both = validateInParallel(check, 200, 1);
    expect(both).toEqual(exactErrors(schema, text));
    expect(both?.errors.map((e) => e.row)).toEqual([2, 39, 76, 113, 150, 187]);
    const copied = `${text}${rows[3]}\n`;
    const again = { ...check, data: { file: fileOf(copied) } };
    expect(validateInParallel(again, 201, 1)).toBeNull();
    expect(validateTable({ ...again, parallelFrom: 1 }).errors.at(-1)).toMatchObject({
      row: 202,
      type: "duplicate-row",
    });
  });
});
