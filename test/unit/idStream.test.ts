import { describe, expect, it } from "vitest";
import { decode } from "../../src/data/decode.js";
import type { DataFormat } from "../../src/data/format.js";
import { IdStream, idHash } from "../../src/quality/split/idStream.js";
import { recordIds } from "../../src/quality/split/recordIds.js";

// The streamed reader must give what recordIds gives for the whole text: same ids, same errors
// with the same line numbers, wherever the pieces are cut and however the bytes arrive.

function whole(text: string, format: DataFormat, key: string[]) {
  try {
    return { ids: recordIds(text, format, key, "f").ids, error: null };
  } catch (e) {
    return { ids: null, error: (e as Error).message };
  }
}

function streamed(bytes: Buffer, format: DataFormat, key: string[], piece: number, chunk: number) {
  const ids: string[] = [];
  const s = new IdStream(format, key, "f", [], (id) => ids.push(id), piece);
  for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
  s.end();
  return s.error ? { ids: null, error: s.error.message } : { ids, error: null };
}

function hashed(bytes: Buffer, format: DataFormat, key: string[], piece: number, cuts: number[]) {
  const s = new IdStream(format, key, "f", cuts, undefined, piece);
  for (let i = 0; i < bytes.length; i += 5) s.push(bytes.subarray(i, i + 5));
  const h = s.end();
  return { hashes: Array.from({ length: h.length }, (_, i) => h.at(i)), marks: s.marks };
}

const CASES: [string, DataFormat, string][] = [
  [
    "jsonl, CRLF, BOM, blank lines",
    "jsonl",
    '\uFEFF{"id":"a"}\r\n\r\n{"id":2}\r\n{"x":{"y":1},"id":"c"}\n',
  ],
  ["jsonl without a final newline", "jsonl", '{"id":"a"}\n{"id":"b"}'],
  [
    "jsonl, invalid line late",
    "jsonl",
    '{"id":"a"}\n{"id":"b"}\n{"id":"c"}\nnot json\n{"id":"d"}\n',
  ],
  ["jsonl, missing key late", "jsonl", '{"id":"a"}\n{"id":"b"}\n\n{"v":1}\n'],
  [
    "jsonl, 64-bit and escaped ids",
    "jsonl",
    '{"id":12345678901234567890}\n{"id":"a\\"b"}\n{"id":1.50}\n',
  ],
  ["csv, CRLF and BOM", "csv", "\uFEFFid,v\r\n1,a\r\n2,b\r\n\r\n3,c\r\n"],
  ["csv, quoted newlines", "csv", 'v,id\n"x\ny",1\n"p\r\nq\nr",2\nz,3\n"""",4\n"a,b\n\nc","5"\n'],
  ["csv, unclosed quote late", "csv", 'id,v\n1,a\n2,b\n3,"c\n4,d\n'],
  ["csv, missing key column", "csv", "a,b\n1,2\n"],
  ["csv, missing key value late", "csv", "id,v\n1,a\n2,b\n,c\n"],
  ["tsv", "tsv", "id\tv\n1\ta\n2\tb\n"],
  ["csv, latin-1 bytes", "csv", "id,v\nx\u00e9,1\ny,2\n"],
];

describe("IdStream reads ids as recordIds does, in pieces", () => {
  for (const [what, format, text] of CASES)
    it(what, () => {
      const bytes = Buffer.from(text, what.includes("latin-1") ? "latin1" : "utf8");
      const want = whole(decode(bytes), format, ["id"]);
      for (const piece of [1, 2, 3, 7, 16, 1 << 20])
        for (const chunk of [1, 3, 64])
          expect(
            streamed(bytes, format, ["id"], piece, chunk),
            `piece ${piece}, chunk ${chunk}`,
          ).toEqual(want);
    });

  it("hashes ids as the confirming pass does, and marks record boundaries at the cuts", () => {
    const text = '{"id":"a"}\n{"id":"b"}\n{"id":"c"}\n';
    for (const piece of [1, 4, 1 << 20]) {
      const r = hashed(Buffer.from(text), "jsonl", ["id"], piece, [11, 15, 22, 33]);
      expect(r.hashes).toEqual(["a", "b", "c"].map(idHash));
      // 15 is inside the second record: no mark, so no old version can be proven there.
      expect([...r.marks]).toEqual([
        [11, 1],
        [22, 2],
        [33, 3],
      ]);
    }
  });

  it("never marks a cut inside a quoted CSV field, even on a newline", () => {
    const text = 'id,v\n1,"a\nb"\n2,c\n';
    const r = hashed(Buffer.from(text), "csv", ["id"], 2, [5, 10, 13, 17]);
    expect(r.hashes).toEqual(["1", "2"].map(idHash));
    expect([...r.marks]).toEqual([
      [5, 0],
      [13, 1],
      [17, 2],
    ]);
  });
});
