import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { flatField, NOT_FLAT } from "../../src/data/flatField.js";
import { idText } from "../../src/quality/split/assign.js";
import { TableBuilder } from "../../src/records/columns/builder.js";
import { ChunkFeeder, scanFile } from "../../src/records/columns/chunks.js";
import type { Columns } from "../../src/records/columns/columnTypes.js";
import { jsonlColumns, jsonlScanner } from "../../src/records/columns/jsonlColumns.js";
import { sameColumns } from "../helpers/columns.js";

const RUNS = Number(process.env.FC_RUNS ?? 7 * 30);

/** The obvious implementation: JSON.parse every line. */
function viaParse(text: string): Columns {
  const lines = text.split("\n").filter((l) => l.trim());
  const t = new TableBuilder(lines.length);
  lines.forEach((l, row) => {
    const o = JSON.parse(l);
    for (const k in o) t.get(k)?.setValue(row, o[k]);
  });
  return t.done(lines.length);
}

const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom("", "7", 0.1, 1e-7, 123456789012345.6, -0, 2 ** 53 + 2, 1e21, 2.5e-308),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const key = fc.constantFrom("a", "b", "ab", "a\\b", "é", "c d", "");
const dir = mkdtempSync(join(tmpdir(), "mlbranch-jsonl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
/** The columns of `text` pushed in pieces of 1..max bytes into a feeder whose buffer holds `chunk`. */
function viaPush(text: string, chunk: number, max: number): Columns {
  const bytes = Buffer.from(text);
  const f = new ChunkFeeder(jsonlScanner("t.jsonl"), bytes.length, chunk);
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = 1 + ((k * 7919) % max);
    f.push(bytes.subarray(i, i + n));
    i += n;
  }
  return f.end();
}

/** The columns of `text` read from a file in chunks of `chunk` bytes (the buffer is reused). */
function viaFile(text: string, chunk: number): Columns {
  const file = join(dir, `t${files++}.jsonl`);
  writeFileSync(file, text);
  return scanFile(file, jsonlScanner("t.jsonl"), chunk);
}

describe("JSONL scanner", () => {
  it("gives exactly what JSON.parse gives, number for number (flat, nested, escapes, spacing)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(key, value, { maxKeys: 5 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (rows, spaced) => {
          const text = rows
            .map((r) =>
              spaced ? JSON.stringify(r, null, 1).replace(/\n/g, " ") : JSON.stringify(r),
            )
            .join(spaced ? "\r\n\n" : "\n");
          const want = viaParse(text);
          sameColumns(jsonlColumns(text, "t.jsonl"), want);
          sameColumns(viaFile(text, 1 + (text.length % 37)), want);
          sameColumns(viaPush(text, 1 + (text.length % 53), 1 + (text.length % 29)), want);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("reads files in reused chunks: categories and keys cut at any byte, BOM, CRLF, no last newline", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      [`k${i % 7}`]: `v${(i * 7919) % 1000}é`,
      n: i % 3 ? i / 8 : `s${i % 5}`,
      z: i,
    }));
    const text = `\uFEFF${rows.map((r) => JSON.stringify(r)).join("\r\n")}`;
    const want = viaParse(text.slice(1));
    for (const chunk of [1, 7, 64, 4096, 1 << 20]) {
      sameColumns(viaFile(text, chunk), want);
      sameColumns(viaPush(text, chunk, 1000), want);
    }
    sameColumns(jsonlColumns(Buffer.from(text), "t.jsonl"), want);
  });

  it("keeps every category of an id-like column past the byte cache's limit", () => {
    const text = Array.from({ length: 70_000 }, (_, i) => `{"id":"u${i}","c":"x${i % 3}"}`).join(
      "\n",
    );
    const got = jsonlColumns(text, "t.jsonl");
    sameColumns(got, viaParse(text));
    const id = got.cols.get("id");
    expect(id?.kind === "cat" && id.dict.length).toBe(70_000);
  });

  it("refuses a raw control character inside a string, as JSON.parse does", () => {
    expect(() => jsonlColumns('{"a":"x\ty"}\n', "x.jsonl")).toThrow(
      /x\.jsonl line 1: not valid JSON/,
    );
  });

  it("names the line of invalid JSON and of a non-object", () => {
    expect(() => jsonlColumns('{"a":1}\n{"a":01}\n', "x.jsonl")).toThrow(
      /x\.jsonl line 2: not valid JSON/,
    );
    expect(() => jsonlColumns('{"a":1}\n\n{"a":1}x\n', "x.jsonl")).toThrow(/x\.jsonl line 3/);
    expect(() => jsonlColumns("[1]\n", "x.jsonl")).toThrow(
      /x\.jsonl line 1 is a JSON array, not a record/,
    );
  });

  it("keeps bytes that are not UTF-8 as Latin-1 characters, never U+FFFD (scanned and parsed lines)", () => {
    // The second line has an escape, so JSON.parse reads it: the same decoding either way.
    const bytes = Buffer.from(
      '{"n":"M\xfcller"}\n{"n":"M\xf6ller","e":"\\u00e9"}\n{"n":"M\xfcller"}\n',
      "latin1",
    );
    const n = jsonlColumns(bytes, "x.jsonl").cols.get("n");
    expect(n?.kind === "cat" && n.dict).toEqual(["Müller", "Möller"]);
    expect(n?.kind === "cat" && [...n.codes]).toEqual([0, 1, 0]);
  });
});

describe("flat id scanner", () => {
  it("reads the id JSON.parse would give, and leaves anything else to JSON.parse", () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), fc.option(value), (rec, id) => {
        const o = id === null ? rec : { ...rec, id };
        const line = JSON.stringify(o);
        const got = flatField(line, "id");
        if (got === NOT_FLAT) return;
        // recordIds reads "" and a missing id alike: no id.
        expect(got === "" || got === undefined ? null : got).toBe(idText([JSON.parse(line).id]));
      }),
      { numRuns: RUNS },
    );
  });

  it("never accepts invalid JSON", () => {
    for (const bad of [
      '{"id":1,}',
      '{"id":01}',
      '{"id":"a" "b":1}',
      '{"id":1} x',
      '{"id":-}',
      "{id:1}",
    ])
      expect(flatField(bad, "id")).toBe(NOT_FLAT);
    expect(flatField(' { "x" : [1] , "id": 2 }', "id")).toBe(NOT_FLAT);
    expect(flatField('{"x":1.5e3,"id":2.50}', "id")).toBe("2.5");
  });
});
