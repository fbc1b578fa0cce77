import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { TableBuilder } from "../../src/records/columns/builder.js";
import { ChunkFeeder, scanFile } from "../../src/records/columns/chunks.js";
import { toColumns } from "../../src/records/columns/columns.js";
import type { Columns } from "../../src/records/columns/columnTypes.js";
import { csvScanner, numeric } from "../../src/records/columns/csvColumns.js";
import { readRecordFile } from "../../src/records/recordFile.js";
import { sameColumns } from "../helpers/columns.js";

const RUNS = Number(process.env.FC_RUNS ?? 7 * 30);
const dir = mkdtempSync(join(tmpdir(), "mlbranch-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The records reader (records/recordFile.ts, what the merge drivers and pull-data read) as columns. */
function viaRecords(input: string | Buffer, sep: string): Columns {
  const buf = typeof input === "string" ? Buffer.from(input) : input;
  const f = readRecordFile(buf, sep === "\t" ? "t.tsv" : "t.csv", "t.csv");
  const t = new TableBuilder(Math.max(1, f.records.length));
  const bs = (f.header?.names ?? []).map((h) => t.get(h));
  f.records.forEach((r, row) => {
    bs.forEach((b, j) => {
      const s = r.fields?.[j];
      if (!b || s === undefined || s === "") return;
      const v = numeric(s);
      if (!Number.isNaN(v)) b.setNum(row, v);
      else b.setStr(row, s);
    });
  });
  return t.done(f.records.length);
}

let files = 0;
function viaFile(text: string, tsv: boolean, chunk: number): Columns {
  const file = join(dir, `t${files++}.csv`);
  writeFileSync(file, text);
  return scanFile(file, csvScanner("t.csv", tsv), chunk);
}

function viaPush(text: string, tsv: boolean, chunk: number): Columns {
  const bytes = Buffer.from(text);
  const f = new ChunkFeeder(csvScanner("t.csv", tsv), bytes.length, chunk);
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = 1 + ((k * 7919) % 23);
    f.push(bytes.subarray(i, i + n));
    i += n;
  }
  return f.end();
}

// Fields as people write them: numbers in every spelling `+s` reads, text with separators and
// quotes, non-ASCII, blanks; quoted or not.
const raw = fc.oneof(
  fc.double({ noNaN: true }).map(String),
  fc.integer().map(String),
  fc.constantFrom(
    "007",
    "-0",
    "1.",
    ".5",
    "+3",
    "1e5",
    "0x1f",
    "1 ",
    " 2",
    "-",
    "1e400",
    "Infinity",
  ),
  fc.constantFrom("0.1", "123456789012345.6", "1234567890123456", "-12.50", "2.5e-308"),
  fc.constantFrom("12345678901234567", "0.30000000000000004", "9007199254740993"),
  fc.string({ maxLength: 6 }).map((s) => s.replace(/[\r\n]/g, "")),
  fc.constantFrom("é", "a,b", 'say "hi"', "x\ty", "", "\r", "two\nlines", 'a "b"\r\nc', "\n"),
);
const cell = (sep: string) =>
  fc
    .tuple(raw, fc.boolean())
    .map(([v, quote]) =>
      quote || v.includes(sep) || v.includes('"') || v.includes("\r") || v.includes("\n")
        ? `"${v.replace(/"/g, '""')}"`
        : v,
    );

describe("CSV scanner", () => {
  it("reads what the records reader reads (numbers, quotes, fields spanning lines, CRLF, blanks, BOM)", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.infiniteStream(cell(",")),
        fc.infiniteStream(cell("\t")),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.boolean(),
        (tsv, width, shape, commas, tabs, eol, bom, lastEol) => {
          const sep = tsv ? "\t" : ",";
          const cells = tsv ? tabs : commas;
          const row = () => {
            const r = Array.from({ length: width }, () => cells.next().value).join(sep);
            // A row of only blanks is no record to either reader; keep rows records.
            return r.trim() === "" ? Array(width).fill("0").join(sep) : r;
          };
          // The header, then records and blank lines.
          const lines = [row(), ...shape.map((blank) => (blank ? "" : row()))];
          const text = `${bom ? "\uFEFF" : ""}${lines.join(eol)}${lastEol ? eol : ""}`;
          const want = viaRecords(text, sep);
          sameColumns(toColumns(text, tsv ? "tsv" : "csv", "t.csv"), want);
          sameColumns(viaFile(text, tsv, 1 + (text.length % 31)), want);
          sameColumns(viaPush(text, tsv, 1 + (text.length % 17)), want);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("names the line of a broken quote, the header's too, and a row of the wrong width", () => {
    expect(() => toColumns('x,c\n1,a\n2,"b\n', "csv", "b.csv")).toThrow(
      'mlbranch: b.csv line 3: a quoted field is never closed (missing ")',
    );
    expect(() => toColumns('x,c\n1,"a"b\n', "csv", "b.csv")).toThrow(
      "mlbranch: b.csv line 2: text after a closing quote",
    );
    expect(() => toColumns('x,c\n1,a"b\n', "csv", "b.csv")).toThrow(
      "mlbranch: b.csv line 2: a quote inside an unquoted field",
    );
    expect(() => toColumns('x,"c\n1,a\n', "csv", "h.csv")).toThrow(
      "mlbranch: h.csv line 1: a quoted field is never closed",
    );
    expect(() => toColumns("x,c\n1,a\n2,b,c\n", "csv", "w.csv")).toThrow(
      "mlbranch: w.csv line 3 has 3 fields, but the header has 2",
    );
    // The line a record starts on, past a field spanning lines.
    expect(() => toColumns('x,c\n1,"a\nb"\n2\n', "csv", "w.csv")).toThrow("w.csv line 4 has 1");
  });

  it("reads a quoted field spanning lines as one value, whatever the chunk size", () => {
    const text = 'id,note,v\n1,"first line\nsecond, line",10\n2,plain,20\n3,"x\r\ny",30\n';
    for (const got of [
      toColumns(text, "csv", "t.csv"),
      viaFile(text, false, 5),
      viaPush(text, false, 3),
    ]) {
      expect(got.rows).toBe(3);
      const note = got.cols.get("note");
      expect(note?.kind === "cat" && [...note.codes].map((k) => note.dict[k])).toEqual([
        "first line\nsecond, line",
        "plain",
        "x\r\ny",
      ]);
      const v = got.cols.get("v");
      expect(v?.kind === "num" && [...v.values]).toEqual([10, 20, 30]);
    }
  });

  it("keeps bytes that are not UTF-8 as Latin-1 characters, never U+FFFD", () => {
    // Z\xfcrich and Z\xe4rich: two cities, one U+FFFD category if read as UTF-8.
    const bytes = Buffer.from("city,n\nZ\xfcrich,1\nZ\xe4rich,2\nZ\xfcrich,3\n", "latin1");
    const got = toColumns(bytes, "csv", "t.csv");
    sameColumns(got, viaRecords(bytes, ","));
    const city = got.cols.get("city");
    expect(city?.kind === "cat" && city.dict).toEqual(["Zürich", "Zärich"]);
  });

  it("keeps every category of an id-like column past the byte cache's limit", () => {
    const text = `id,c\n${Array.from({ length: 70_000 }, (_, i) => `u${i},x${i % 3}`).join("\n")}\n`;
    const got = toColumns(text, "csv", "t.csv");
    sameColumns(got, viaRecords(text, ","));
    const id = got.cols.get("id");
    expect(id?.kind === "cat" && id.dict.length).toBe(70_000);
  });
});
