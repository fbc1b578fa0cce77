import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileSettings } from "../../src/config/types.js";
import { csvDriver, mergeCsv } from "../../src/merge/csvDriver.js";
import { csvFast } from "../../src/merge/csvFast.js";
import { fastAppend } from "../../src/merge/fastAppend.js";
import { jsonlDriver, mergeLineRecords } from "../../src/merge/jsonlDriver.js";
import { jsonlMatcher } from "../../src/merge/jsonlMatcher.js";
import { commonLinePrefix, countLines, forEachChunk } from "../../src/merge/lineStream.js";
import { linesDriver } from "../../src/merge/linesDriver.js";
import { loadRecordValidator } from "../../src/merge/recordSchema.js";
import { parseJsonl } from "../../src/records/jsonl.js";

const numRuns = Math.max(50, Math.floor(Number(process.env.MLBRANCH_PROPERTY_RUNS ?? 1000) / 4));
let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlbranch-fast-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// One record, spelled the ways a prefix sieve could misjudge: key order and spacing, escapes in
// the key or value, a nested field of the same name, non-ASCII, numbers past 2^53, and a decimal
// that is the same number as an integer.
const spellings = [
  (id: unknown, v: number) => JSON.stringify({ run_id: id, v }),
  (id: unknown, v: number) => `{"v": ${v}, "run_id" :  ${JSON.stringify(id)}}`,
  (id: unknown, v: number) => `{"run\\u005fid":${JSON.stringify(id)},"v":${v}}`,
  (id: unknown, v: number) =>
    `{"run_id":${JSON.stringify(id).replace(/^"(.)/, (_, c: string) => `"\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)},"v":${v}}`,
  (id: unknown, v: number) => `{"meta":{"run_id":"r0"},"run_id":${JSON.stringify(id)},"v":${v}}`,
];
const rec = fc
  .tuple(
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 0, max: 2 }),
    fc.constantFrom("name", "number", "big", "accent"),
    fc.nat(spellings.length - 1),
  )
  .map(([id, v, kind, spell]) => {
    const runId =
      kind === "name" ? `r${id}` : kind === "accent" ? `é${id}` : kind === "big" ? 0 : id;
    const line = spellings[spell](runId, v);
    // Ids past 2^53 that doubles cannot tell apart, and 3.0 for 3: written as raw text.
    if (kind === "big")
      return line.replace(/"run_id" ?: *0|"run\\u005fid":0/, (m) =>
        m.replace(/0$/, `900719925474099${(id % 3) + 2}`),
      );
    return kind === "number" && id % 4 === 0 ? line.replace(`:${id},"v"`, `:${id}.0,"v"`) : line;
  });

describe("streaming prefix path", () => {
  it.each([
    { label: "canonical", settings: {} as FileSettings },
    { label: "key run_id", settings: { key: ["run_id"] } as FileSettings },
  ])(
    "writes exactly what the in-memory merge writes, or declines ($label)",
    ({ settings }) => {
      let accepted = 0;
      fc.assert(
        fc.property(
          fc.array(rec, { minLength: 1, maxLength: 8 }),
          fc.array(rec, { maxLength: 6 }),
          fc.array(rec, { maxLength: 6 }),
          fc.boolean(),
          fc.option(fc.tuple(fc.boolean(), fc.nat(), rec), { freq: 3 }),
          fc.integer({ min: 16, max: 4096 }),
          (baseRecs, o, t, crlf, edit, chunk) => {
            const eol = crlf ? "\r\n" : "\n";
            // Padding makes the shared prefix big enough for the streaming path.
            const pad = Array.from(
              { length: 40 },
              (_, i) => `{"pad":${i},"x":"${"y".repeat(20)}"}`,
            );
            const lines = (ls: string[]) => ls.map((l) => l + eol).join("");
            const base = lines([...pad, ...baseRecs]);
            // Sometimes one side edits a base record: the tails then hold a real three-way merge.
            const edited = baseRecs.slice();
            if (edit) edited[edit[1] % edited.length] = edit[2];
            const ours = lines([...pad, ...(edit?.[0] ? edited : baseRecs), ...o]);
            const theirs = lines([...pad, ...(edit && !edit[0] ? edited : baseRecs), ...t]);
            const [B, O, T] = ["base", "ours", "theirs"].map((n) => join(dir, n));
            writeFileSync(B, base);
            writeFileSync(O, ours);
            writeFileSync(T, theirs);
            const args = { base: B, ours: O, theirs: T, markerSize: 7, path: "m.jsonl" };
            // Small chunks cut lines at every place; some chunks are shorter than a line.
            const fast = fastAppend(
              args,
              settings,
              { cwd: dir, minBytes: 0, chunkBytes: chunk },
              parseJsonl,
              jsonlMatcher,
            );
            const slow = mergeLineRecords(
              {
                base: Buffer.from(base),
                ours: Buffer.from(ours),
                theirs: Buffer.from(theirs),
                path: "m.jsonl",
                markerSize: 7,
                cwd: dir,
                settings,
              },
              parseJsonl,
            );
            if (!fast) return;
            accepted++;
            expect(slow.ok).toBe(true);
            if (!slow.ok) return;
            expect(fast.conflicts).toEqual(slow.conflicts);
            expect(readFileSync(O, "utf8")).toBe(String(slow.data));
          },
        ),
        { numRuns },
      );
      // The streaming path must take most plain appends, or this test would prove nothing.
      expect(accepted).toBeGreaterThan(numRuns / 4);
    },
    120_000,
  );
});

const csvRow = fc
  .tuple(
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 0, max: 2 }),
    fc.constantFrom("plain", "quoted", "multi", "accent"),
    fc.boolean(),
  )
  .map(([id, v, kind, w]): [string, string] =>
    kind === "plain"
      ? [`${id}`, `${v}`]
      : kind === "quoted"
        ? [`${id}`, `"${v}, x"`]
        : kind === "accent"
          ? [`é${id}`, `${v}é`]
          : // Rows alike up to a quoted newline: a shared prefix may end inside the field.
            [`${id}`, `"${v}\nline ${w ? 1 : 0}"`],
  );

describe("streaming prefix path for CSV", () => {
  it.each([
    { label: "all fields", settings: {} as FileSettings },
    { label: "key id", settings: { key: ["id"] } as FileSettings },
  ])(
    "writes exactly what the in-memory CSV merge writes, or declines ($label)",
    ({ settings }) => {
      let accepted = 0;
      fc.assert(
        fc.property(
          fc.array(csvRow, { minLength: 1, maxLength: 6 }),
          fc.array(csvRow, { maxLength: 5 }),
          fc.array(csvRow, { maxLength: 5 }),
          fc.option(fc.tuple(fc.boolean(), fc.nat(), csvRow), { freq: 3 }),
          fc.boolean(),
          fc.integer({ min: 16, max: 4096 }),
          fc.boolean(),
          (baseRows, o, t, edit, crlf, chunk, swap) => {
            const pad = Array.from({ length: 60 }, (_, i): [string, string] => [
              `${100 + i}`,
              i % 3 ? `pad ${"z".repeat(12)}` : `"pad, ${"z".repeat(12)}"`,
            ]);
            const eol = crlf ? "\r\n" : "\n";
            // Columns in either order: the sieve's probe column is then first or last.
            const row = ([id, v]: [string, string]) => (swap ? `${v},${id}` : `${id},${v}`);
            const lines = (ls: [string, string][]) =>
              [row(["id", "v"]), ...ls.map(row)].map((l) => l + eol).join("");
            const edited = baseRows.slice();
            if (edit) edited[edit[1] % edited.length] = edit[2];
            const base = lines([...pad, ...baseRows]);
            const ours = lines([...pad, ...(edit?.[0] ? edited : baseRows), ...o]);
            const theirs = lines([...pad, ...(edit && !edit[0] ? edited : baseRows), ...t]);
            const [B, O, T] = ["base.csv", "ours.csv", "theirs.csv"].map((n) => join(dir, n));
            writeFileSync(B, base);
            writeFileSync(O, ours);
            writeFileSync(T, theirs);
            const args = { base: B, ours: O, theirs: T, markerSize: 7, path: "data/x.csv" };
            const fast = csvFast(args, settings, { cwd: dir, minBytes: 0, chunkBytes: chunk });
            const slow = mergeCsv({
              base: Buffer.from(base),
              ours: Buffer.from(ours),
              theirs: Buffer.from(theirs),
              path: "data/x.csv",
              markerSize: 7,
              cwd: dir,
              settings,
            });
            if (!fast) return;
            accepted++;
            expect(slow.ok).toBe(true);
            if (!slow.ok) return;
            expect(fast.conflicts).toEqual(slow.conflicts);
            expect(readFileSync(O, "utf8")).toBe(String(slow.data));
          },
        ),
        { numRuns },
      );
      expect(accepted).toBeGreaterThan(numRuns / 4);
    },
    120_000,
  );
});

describe("streaming path with a schema", () => {
  it("validates the new records only: an invalid one sends the merge to the in-memory path", () => {
    writeFileSync(
      join(dir, "schema.json"),
      JSON.stringify({ properties: { loss: { type: "number" } } }),
    );
    const base = Array.from({ length: 60 }, (_, i) => `{"run_id":"r${i}","loss":${i}}\n`).join("");
    const [B, O, T] = ["base", "ours", "theirs"].map((n) => join(dir, n));
    const settings: FileSettings = { schema: "schema.json" };
    const validate = loadRecordValidator(dir, "schema.json");
    const args = { base: B, ours: O, theirs: T, markerSize: 7, path: "m.jsonl" };
    const go = (theirsAdds: string) => {
      writeFileSync(B, base);
      writeFileSync(O, `${base}{"run_id":"a","loss":1}\n`);
      writeFileSync(T, base + theirsAdds);
      return fastAppend(
        args,
        settings,
        { cwd: dir, minBytes: 0 },
        parseJsonl,
        jsonlMatcher,
        undefined,
        validate,
      );
    };
    expect(go('{"run_id":"b","loss":"high"}\n')).toBeNull();
    expect(go('{"run_id":"b","loss":2}\n')).toEqual({ conflicts: [] });
    expect(readFileSync(O, "utf8")).toBe(
      `${base}{"run_id":"a","loss":1}\n{"run_id":"b","loss":2}\n`,
    );
  });
});

describe("schema checks on both paths", () => {
  it("skip the records all three versions share at the start, and check the rest", () => {
    writeFileSync(
      join(dir, "schema.json"),
      JSON.stringify({ properties: { loss: { type: "number" } } }),
    );
    // An old record that breaks the schema, committed before the schema was set.
    const base = Array.from({ length: 60 }, (_, i) =>
      i === 30 ? '{"run_id":"old","loss":"n/a"}\n' : `{"run_id":"r${i}","loss":${i}}\n`,
    ).join("");
    const settings: FileSettings = { schema: "schema.json" };
    const merge = (o: string, t: string) =>
      mergeLineRecords(
        {
          base: Buffer.from(base),
          ours: Buffer.from(base + o),
          theirs: Buffer.from(base + t),
          path: "m.jsonl",
          markerSize: 7,
          cwd: dir,
          settings,
        },
        parseJsonl,
      );
    const good = merge('{"run_id":"a","loss":1}\n', '{"run_id":"b","loss":2}\n');
    expect(good.ok).toBe(true);
    const bad = merge('{"run_id":"a","loss":1}\n', '{"run_id":"b","loss":"high"}\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/theirs line 61/);
  });
});

describe("forEachChunk", () => {
  it("gives a file region as whole lines, in order, whatever the chunk size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", maxLength: 40 }), { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        fc.nat(),
        (lines, lastNewline, chunk, cut) => {
          const text = lines.join("\n") + (lastNewline && lines.length ? "\n" : "");
          const bytes = Buffer.from(text);
          const from = Math.min(cut % 7, bytes.length);
          const file = join(dir, "chunks");
          writeFileSync(file, bytes);
          const got: Buffer[] = [];
          forEachChunk(file, from, bytes.length, (b) => void got.push(Buffer.from(b)), chunk);
          expect(Buffer.concat(got).equals(bytes.subarray(from))).toBe(true);
          for (const b of got.slice(0, -1)) expect(b[b.length - 1]).toBe(10);
          expect(countLines(file, bytes.length)).toBe(
            text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0),
          );
        },
      ),
      { numRuns },
    );
  });
});

describe("commonLinePrefix", () => {
  it("is the longest prefix of whole lines the three files share, quotes in it counted", () => {
    const text = fc
      .array(fc.constantFrom("a", '"', "\n", "é"), { maxLength: 200 })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(text, text, text, text, (shared, x, y, z) => {
        const files = [x, y, z].map((t, i) => {
          writeFileSync(join(dir, `prefix${i}`), shared + t);
          return Buffer.from(shared + t);
        });
        let same = 0;
        while (same < files[0].length && files.every((f) => f[same] === files[0][same])) same++;
        const prefix = same === 0 ? 0 : files[0].lastIndexOf(10, same - 1) + 1;
        const quotes = [...files[0].subarray(0, prefix)].filter((b) => b === 34).length;
        const [a, b, c] = [0, 1, 2].map((i) => join(dir, `prefix${i}`));
        expect(commonLinePrefix(a, b, c, 34)).toEqual({ prefix, count: quotes });
        expect(commonLinePrefix(a, b, c).prefix).toBe(prefix);
      }),
      { numRuns },
    );
  });
});

describe("one answer for malformed input on both paths", () => {
  // Lines injected into the shared prefix: malformed for the format, or odd but valid.
  const pools = {
    jsonl: [
      '{"a":',
      "[1,2",
      "not json",
      '{"a":1}x',
      '{"a":1,}',
      "{'a':1}",
      '{"a":01}',
      '{"a":"\u0001"}',
      '{"a":"\\x"}',
      '{"a":NaN}',
      "<<<<<<< ours",
      `${"[".repeat(1200)}${"]".repeat(1200)}`,
      "[1,2]",
      "3",
      "  ",
      "\u00a0",
      '{"a":{"b":{"c":[1,{"d":2}]}}}',
      ' { "a" : 1 , "b":[ ] } ',
      '{"a":1e400,"b":123456789012345678901234}',
      '{"é":"\\u00e9\\n"}',
      '{"__proto__":1,"a":1,"a":2}',
      `${"[".repeat(999)}${"]".repeat(999)}`,
    ],
    csv: [
      "1,2,3",
      "1",
      '1,"a"b',
      '1,"open',
      "<<<<<<< ours",
      '1,"two\nlines"',
      '1,"a ""b"""',
      "",
      " ",
      "é,\u00e9",
      '"x",""',
    ],
    lines: ["a\u0000b", "é", "", "<<<<<<< ours", "x y z"],
  } as const;
  const bytesOf = (l: string) => (l === "\u00ff" ? Buffer.from([0xff]) : Buffer.from(l, "utf8"));
  it.each(["jsonl", "csv", "lines"] as const)(
    "%s: whenever the in-memory merge refuses, the streaming path declines; otherwise both agree",
    (format) => {
      let refused = 0;
      let streamed = 0;
      const pool = [...pools[format], "\u00ff"];
      fc.assert(
        fc.property(
          fc.array(fc.nat(pool.length - 1), { minLength: 1, maxLength: 3 }),
          fc.nat(39),
          fc.integer({ min: 16, max: 4096 }),
          fc.boolean(),
          (picks, at, chunk, crlf) => {
            const eol = crlf ? "\r\n" : "\n";
            const row = (i: number) =>
              format === "jsonl"
                ? JSON.stringify({ run_id: `r${i}`, x: "y".repeat(20) })
                : format === "csv"
                  ? `${i},pad ${"z".repeat(20)}`
                  : `${1700000000000 + i} 0.${i}${"5".repeat(20)} ${i}`;
            const pad = Array.from({ length: 40 }, (_, i) => Buffer.from(row(i) + eol));
            pad.splice(
              at,
              0,
              ...picks.map((p) => Buffer.concat([bytesOf(pool[p]), Buffer.from(eol)])),
            );
            const head = format === "csv" ? [Buffer.from(`id,v${eol}`)] : [];
            const file = (...extra: number[]) =>
              Buffer.concat([...head, ...pad, ...extra.map((i) => Buffer.from(row(i) + eol))]);
            const [base, ours, theirs] = [
              file(),
              file(100, 101),
              file(format === "lines" ? 102 : 100),
            ];
            const path =
              format === "jsonl"
                ? "m.jsonl"
                : format === "csv"
                  ? "d.csv"
                  : "mlruns/0/r/metrics/loss";
            const [B, O, T] = ["base", "ours", "theirs"].map((n) => join(dir, n));
            writeFileSync(B, base);
            writeFileSync(O, ours);
            writeFileSync(T, theirs);
            const args = { base: B, ours: O, theirs: T, markerSize: 7, path };
            const settings: FileSettings = {};
            const opts = { cwd: dir, minBytes: 0, chunkBytes: chunk };
            const driver =
              format === "jsonl" ? jsonlDriver : format === "csv" ? csvDriver : linesDriver;
            const fast = driver.fast!(args, settings, opts);
            const slow = driver.merge({
              base,
              ours,
              theirs,
              path,
              markerSize: 7,
              cwd: dir,
              settings,
            });
            if (!slow.ok) {
              refused++;
              expect(fast).toBeNull();
              return;
            }
            if (!fast) return;
            streamed++;
            expect(fast.conflicts).toEqual(slow.conflicts);
            expect(readFileSync(O).equals(Buffer.from(slow.data))).toBe(true);
          },
        ),
        { numRuns },
      );
      // Both kinds of input occurred, or the test would prove nothing.
      expect(refused).toBeGreaterThan(numRuns / 10);
      expect(streamed).toBeGreaterThan(numRuns / 20);
    },
    120_000,
  );
});
