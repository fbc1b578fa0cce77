import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { TableBuilder } from "../../src/data/builder.js";
import { ChunkFeeder, scanFile } from "../../src/data/chunks.js";
import { toColumns } from "../../src/data/columns.js";
import type { Columns } from "../../src/data/columnTypes.js";
import { parseCsvLine, splitLines } from "../../src/data/csv.js";
import { csvScanner, numeric } from "../../src/data/csvColumns.js";
import { sameColumns } from "../helpers/columns.js";

const RUNS = Number(process.env.FC_RUNS ?? 7 * 30);
const dir = mkdtempSync(join(tmpdir(), "mlbranch-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The obvious implementation: split the text into lines and each line into fields. */
function viaLines(text: string, sep: string): Columns {
  const lines = splitLines(text);
  if (!lines.length) return new TableBuilder(0).done(0);
  const header = parseCsvLine(lines[0].replace(/^\uFEFF/, ""), sep);
  const t = new TableBuilder(lines.length);
  const bs = header.map((h) => t.get(h));
  let rows = 0;
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const f = parseCsvLine(line, sep);
    bs.forEach((b, j) => {
      const s = f[j];
      if (!b || s === undefined || s === "") return;
      const v = numeric(s);
      if (!Number.isNaN(v)) b.setNum(rows, v);
      else b.setStr(rows, s);
    });
    rows++;
  }
  return t.done(rows);
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
  fc.constantFrom("é", "a,b", 'say "hi"', "x\ty", "", "\r"),
);
const cell = (sep: string) =>
  fc
    .tuple(raw, fc.boolean())
    .map(([v, quote]) =>
      quote || v.includes(sep) || v.includes('"') || v.includes("\r")
        ? `"${v.replace(/"/g, '""')}"`
        : v,
    );

describe("CSV scanner", () => {
  it("reads exactly what splitting lines and fields gives (numbers, quotes, CRLF, blanks, BOM)", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 5 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.infiniteStream(cell(",")),
        fc.infiniteStream(cell("\t")),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.boolean(),
        (tsv, shape, commas, tabs, eol, bom, lastEol) => {
          const sep = tsv ? "\t" : ",";
          const cells = tsv ? tabs : commas;
          const lines = shape.map((row) =>
            row.length === 1 && row[0] === 0 ? "" : row.map(() => cells.next().value).join(sep),
          );
          const text = `${bom ? "\uFEFF" : ""}${lines.join(eol)}${lastEol ? eol : ""}`;
          const want = viaLines(text, sep);
          sameColumns(toColumns(text, tsv ? "tsv" : "csv", "t.csv"), want);
          sameColumns(viaFile(text, tsv, 1 + (text.length % 31)), want);
          sameColumns(viaPush(text, tsv, 1 + (text.length % 17)), want);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("names the line of a broken quote, the header's too", () => {
    expect(() => toColumns('x,c\n1,a\n2,"b\n', "csv", "b.csv")).toThrow(
      "mlbranch: b.csv:3: unterminated quoted field.",
    );
    expect(() => toColumns('x,c\n1,"a"b\n', "csv", "b.csv")).toThrow(
      "mlbranch: b.csv:2: text after a closing quote.",
    );
    expect(() => toColumns('x,"c\n1,a\n', "csv", "h.csv")).toThrow(
      "mlbranch: h.csv:1: unterminated quoted field.",
    );
  });

  it("keeps every category of an id-like column past the byte cache's limit", () => {
    const text = `id,c\n${Array.from({ length: 70_000 }, (_, i) => `u${i},x${i % 3}`).join("\n")}\n`;
    const got = toColumns(text, "csv", "t.csv");
    sameColumns(got, viaLines(text, ","));
    const id = got.cols.get("id");
    expect(id?.kind === "cat" && id.dict.length).toBe(70_000);
  });
});
