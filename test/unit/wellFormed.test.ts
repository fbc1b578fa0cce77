import { describe, expect, it } from "vitest";
import { Prng } from "../../src/data/prng.js";
import { parseCsv } from "../../src/records/csv.js";
import {
  conflictMarkers,
  csvForm,
  jsonForm,
  jsonlForm,
  linesForm,
} from "../../src/records/wellFormed.js";

const b = (s: string) => Buffer.from(s);
const all = { from: 0 };

describe("record files as their drivers read them", () => {
  it("conflict markers: a <<<<<<< line that a >>>>>>> line follows, CRLF and longer markers too", () => {
    expect(conflictMarkers(b("a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n"), all)?.line).toBe(
      2,
    );
    expect(conflictMarkers(b("a\r\n<<<<<<<<<\r\nb\r\n>>>>>>>>>\r\n"), all)?.line).toBe(2);
    // Not markers: text that merely contains them, or an opening without a closing line.
    expect(conflictMarkers(b('{"s":"<<<<<<< x"}\n{"s":">>>>>>> y"}\n'), all)).toBeNull();
    expect(conflictMarkers(b("<<<<<<< ours\nonly\n"), all)).toBeNull();
  });

  it("JSONL: the first line that is not JSON, counted in the whole file when only an append is judged", () => {
    expect(jsonlForm(b('{"a":1}\n\n{"a":\n'), all)).toMatchObject({ kind: "json", line: 3 });
    expect(jsonlForm(b('\uFEFF{"a":1}\r\n{"b":[1,2]}\r\n'), all)).toBeNull();
    const text = b('bad\n{"a":1}\n{"a":\n');
    expect(jsonlForm(text, { from: 4 })).toMatchObject({ line: 3 });
    expect(jsonlForm(b('bad\n{"a":1}\n'), { from: 4 })).toBeNull();
    expect(jsonlForm(b('{"a":1}\n{"a":"\u0000"}\n'), all)).toMatchObject({
      kind: "binary",
      line: 2,
    });
  });

  it("CSV: widths after RFC 4180 quoting, quoted newlines, TSV, the header read for an append", () => {
    expect(csvForm(b('id,t\n1,"a,b"\n2,"x\ny"\n'), all, "d.csv")).toBeNull();
    expect(csvForm(b('id,t\n1,"a,b"\n2,"x\ny",z\n'), all, "d.csv")).toMatchObject({
      kind: "width",
      line: 3,
      detail: "has 3 fields, the header has 2",
    });
    expect(csvForm(b("id\tt\n1\ta,b\n"), all, "d.tsv")).toBeNull();
    expect(csvForm(b('id,t\n1,a"b\n'), all, "d.csv")).toMatchObject({ kind: "csv", line: 2 });
    const grown = b("id,t\n1,a\n2,b,c\n");
    expect(csvForm(grown, { from: 9 }, "d.csv")).toMatchObject({ line: 3 });
  });

  it("lines and JSON documents", () => {
    expect(linesForm(b("1 0.5 0\n2 0.4 1\n"), all)).toBeNull();
    expect(jsonForm(b('{\n  "a": [1,\n  2,,]\n}\n'))).toMatchObject({ kind: "json", line: 3 });
    expect(jsonForm(b('{"a": 9007199254740993}'))).toBeNull();
  });
});

describe("large files are judged a slice at a time", () => {
  it("lines past a slice boundary keep their numbers; a quoted field across one is one row", () => {
    const small = { from: 0, slice: 16 };
    const csv = b('id,v\n1,2\n"a\n\n\n\nb,c",2\n3,4\n5,6,7\n');
    expect(csvForm(csv, small, "big.csv")).toMatchObject({ kind: "width", line: 9 });
    expect(csvForm(b('id,v\n1,2\n"a\n\n\n\nb,c",2\n3,4\n'), small, "big.csv")).toBeNull();
    const jl = b(`${'{"a":1}\n'.repeat(20)}{"a":\n`);
    expect(jsonlForm(jl, small)).toMatchObject({ line: 21 });
    expect(jsonlForm(jl, { from: 16, slice: 16 })).toMatchObject({ line: 21 });
    expect(linesForm(b("1 2 3\n".repeat(10) + "\u0000\n"), small)).toMatchObject({ line: 11 });
  });

  it("CSV without quotes is counted on its bytes exactly as the parser counts rows", () => {
    // The reference: every row of parseCsv, blank ones (trim()) skipped, the first sets the width.
    const reference = (text: string, delim: string) => {
      let width: number | undefined;
      for (const r of parseCsv(text.replace(/^\uFEFF/, ""), delim).rows) {
        if (r.body.trim() === "") continue;
        if (width === undefined) width = r.fields.length;
        else if (r.fields.length !== width) return r.line;
      }
      return null;
    };
    const rng = new Prng(21);
    const pieces = ["a", "1", "", " ", "\t", "\u00a0", "é", "\r", "x y"];
    for (let n = 0; n < 3000; n++) {
      const delim = rng.int(3) === 0 ? "\t" : ",";
      const width = 1 + rng.int(3);
      const lines: string[] = [];
      for (let l = 0, count = rng.int(7); l < count; l++) {
        const w = rng.int(5) === 0 ? rng.int(4) : width; // a wrong width now and then
        const cells = Array.from({ length: Math.max(w, 1) }, () =>
          Array.from({ length: rng.int(3) }, () => pieces[rng.int(pieces.length)]).join(""),
        );
        lines.push(w === 0 ? pieces[rng.int(pieces.length)] : cells.join(delim));
      }
      const text =
        (rng.int(4) === 0 ? "\uFEFF" : "") +
        lines.join(rng.int(2) ? "\n" : "\r\n") +
        (rng.int(2) ? "\n" : "");
      const path = delim === "\t" ? "a.tsv" : "a.csv";
      const got = csvForm(b(text), all, path);
      const want = reference(text, delim);
      expect({ text, line: got?.line ?? null }).toEqual({ text, line: want });
    }
  });
});
