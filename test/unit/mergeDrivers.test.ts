import { describe, expect, it } from "vitest";
import type { FileSettings } from "../../src/config/types.js";
import { mergeCsv } from "../../src/merge/csvDriver.js";
import { mergeJson } from "../../src/merge/jsonDriver.js";
import { mergeLineRecords } from "../../src/merge/jsonlDriver.js";
import { jsonlTextconv } from "../../src/merge/jsonlTextconv.js";
import type { MergeInput, MergeOutput } from "../../src/merge/runDriver.js";
import { parseCsv } from "../../src/records/csv.js";
import { parseJsonl } from "../../src/records/jsonl.js";

const input = (
  base: string,
  ours: string,
  theirs: string,
  path: string,
  settings: FileSettings = {},
): MergeInput => ({
  base: Buffer.from(base),
  ours: Buffer.from(ours),
  theirs: Buffer.from(theirs),
  path,
  markerSize: 7,
  cwd: process.cwd(),
  settings,
});
const text = (o: MergeOutput) => (o.ok ? String(o.data) : `ERROR ${o.message}`);
const jsonl = (b: string, o: string, t: string, s: FileSettings = {}) =>
  mergeLineRecords(input(b, o, t, "m.jsonl", s), parseJsonl);

describe("record drivers, one behaviour each", () => {
  it("jsonl add/add (empty %O): both sides' records, ours first", () => {
    expect(text(jsonl("", '{"a":1}\n', '{"b":2}\n{"a": 1}\n'))).toBe('{"a":1}\n{"b":2}\n');
  });

  it("jsonl onKeyConflict ours / keep-both", () => {
    const [b, o, t] = ["", '{"id":1,"v":1}\n', '{"id":1,"v":2}\n'];
    expect(text(jsonl(b, o, t, { key: ["id"], onKeyConflict: "ours" }))).toBe(o);
    expect(text(jsonl(b, o, t, { key: ["id"], onKeyConflict: "keep-both" }))).toBe(o + t);
  });

  it("jsonl appendOnly false: one side's edit and the other's deletion are both taken", () => {
    const b = '{"id":1,"v":0}\n{"id":2,"v":0}\n';
    const o = '{"id":1,"v":5}\n{"id":2,"v":0}\n';
    const t = '{"id":1,"v":0}\n{"id":3,"v":0}\n';
    const r = jsonl(b, o, t, { key: ["id"], appendOnly: false });
    expect(r.ok && r.conflicts).toEqual([]);
    expect(text(r)).toBe('{"id":1,"v":5}\n{"id":3,"v":0}\n');
  });

  it("jsonl: a base record edited on one side is an append-only conflict around that record", () => {
    const r = jsonl('{"id":1,"v":0}\n', '{"id":1,"v":1}\n', '{"id":1,"v":0}\n{"id":2}\n', {
      key: ["id"],
    });
    expect(r.ok && r.conflicts.length).toBe(1);
    expect(text(r)).toBe(
      '<<<<<<< ours\n{"id":1,"v":1}\n=======\n{"id":1,"v":0}\n>>>>>>> theirs\n{"id":2}\n',
    );
  });

  it("csv parser: quoted separators, doubled quotes, newlines and CRLF", () => {
    const p = parseCsv('a,b\r\n1,"x, ""y""\nz"\r\n', ",");
    expect(p.problem).toBeNull();
    expect(p.rows.map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", 'x, "y"\nz'],
    ]);
    expect(p.rows[1].eol).toBe("\r\n");
  });

  it("tsv rows merge on tabs", () => {
    const r = mergeCsv(
      input("id\tv\n1\ta\n", "id\tv\n1\ta\n2\tb\n", "id\tv\n1\ta\n3\tc d\n", "data/x.tsv"),
    );
    expect(text(r)).toBe("id\tv\n1\ta\n2\tb\n3\tc d\n");
  });

  it("json: a one-line array stays one line; nested objects merge recursively", () => {
    expect(text(mergeJson(input("[1]\n", "[1, 2]\n", "[1, 3]\n", "x.json")))).toBe("[1, 2, 3]\n");
    const o = mergeJson(
      input('{"a":{"x":1}}', '{"a":{"x":1,"y":2}}', '{"a":{"x":1,"z":3},"b":0}', "x.json"),
    );
    expect(o.ok && JSON.parse(String(o.data))).toEqual({ a: { x: 1, y: 2, z: 3 }, b: 0 });
  });

  it("textconv: one canonical record per line", () => {
    expect(jsonlTextconv('{ "b": 1, "a": [1, 2] }\r\n\n{"c":null}')).toBe(
      '{"a":[1,2],"b":1}\n{"c":null}\n',
    );
  });
});
