import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FileSettings } from "../../src/config/types.js";
import { mergeCsv } from "../../src/merge/csvDriver.js";
import { mergeJson } from "../../src/merge/jsonDriver.js";
import { mergeLineRecords } from "../../src/merge/jsonlDriver.js";
import { parseLines } from "../../src/merge/linesDriver.js";
import type { MergeInput, MergeOutput } from "../../src/merge/runDriver.js";
import { parseJsonl } from "../../src/records/jsonl.js";

// Model-based: each driver against the semantics written plainly. 1,000 cases per property in
// CI; MLBRANCH_PROPERTY_RUNS=10000 on request. In-process calls only (no git per case).
const numRuns = Number(process.env.MLBRANCH_PROPERTY_RUNS ?? 1000);

/** The rule of docs/merge-drivers.md, written out: each side's change in count applies. */
function modelCount(b: number, o: number, t: number): number {
  const dO = o - b;
  const dT = t - b;
  if (dO > 0 && dT > 0) return b + Math.max(dO, dT);
  if (dO < 0 && dT < 0) return b + Math.min(dO, dT);
  return b + dO + dT;
}

// Spellings of values; one class = one value. Numbers near and past 2^53, long decimals,
// exponents out of the double range, key order, -0: the cases doubles get wrong.
const CLASSES: string[][] = [
  ['{"x":1}', '{"x":1.0}', '{"x":1e0}', '{"x":10e-1}'],
  ['{"x":1.0000000000000001}'],
  ['{"id":9007199254740993}'],
  ['{"id":9007199254740992}', '{"id":9007199254740992.0}'],
  ['{"id":9007199254740994}'],
  ['{"id":12345678901234567890123}', '{"id":1.2345678901234567890123e22}'],
  ['{"a":"s","b":[1,2]}', '{"b":[1,2],"a":"s"}', '{ "a" : "s", "b" : [ 1, 2 ] }'],
  ['{"v":0.1}', '{"v":1e-1}'],
  ['{"v":0.10000000000000001}'],
  ['{"e":1e400}'],
  ['{"e":null}'],
  ['{"n":0}', '{"n":-0}', '{"n":0.0}'],
  ['{"s":"9007199254740993"}'],
];

const spelling = fc.tuple(fc.nat(CLASSES.length - 1), fc.nat(5)).map(([c, s]) => ({
  cls: c,
  text: CLASSES[c][s % CLASSES[c].length],
}));
type Sp = { cls: number; text: string };

// A side: base with some records removed (or not), then records appended (copies likely).
const side = (base: Sp[], removals: boolean) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      fc.array(spelling, { maxLength: 5 }),
      fc.array(fc.nat(4), { maxLength: 3 }),
    )
    .map(([keep, added, copies]) => [
      ...base.filter((_, i) => !removals || keep[i]),
      ...added,
      ...copies.filter((i) => i < base.length).map((i) => base[i]),
    ]);

const threeSides = (removals: boolean) =>
  fc
    .array(spelling, { maxLength: 6 })
    .chain((base) => fc.tuple(fc.constant(base), side(base, removals), side(base, removals)));

const counts = (xs: number[]) => {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};

function input(path: string, b: string, o: string, t: string, settings: FileSettings): MergeInput {
  return {
    base: Buffer.from(b),
    ours: Buffer.from(o),
    theirs: Buffer.from(t),
    path,
    markerSize: 7,
    cwd: process.cwd(),
    settings,
  };
}

const textOf = (out: MergeOutput) => {
  if (!out.ok) throw new Error(out.message);
  return out.data.toString();
};
const marker = /^(<{7}|={7}|>{7})/;

// Which class a record line of the output is: spellings are listed, so no parser of ours is used.
const classOf = new Map<string, number>();
CLASSES.forEach((c, i) => {
  for (const s of c) classOf.set(s, i);
});
const lineClass = (l: string) => {
  // Pretty-printed output differs from a listed spelling only by whitespace (no pool string has any).
  const c = classOf.get(l) ?? classOf.get(l.replace(/\s+/g, ""));
  if (c === undefined) throw new Error(`unknown record in output: ${l}`);
  return c;
};

type Driver = {
  name: string;
  path: string;
  write: (recs: Sp[]) => string;
  read: (text: string) => number[];
  merge: (i: MergeInput) => MergeOutput;
};

const drivers: Driver[] = [
  {
    name: "jsonl",
    path: "d/m.jsonl",
    write: (r) => r.map((s) => `${s.text}\n`).join(""),
    read: (t) =>
      t
        .split("\n")
        .filter((l) => l && !marker.test(l))
        .map(lineClass),
    merge: (i) => mergeLineRecords(i, parseJsonl),
  },
  {
    // Plain lines: a line is its own identity (text, not value), so each spelling is a class.
    name: "lines",
    path: "mlruns/0/r/metrics/m",
    write: (r) => r.map((s) => `${s.text}\n`).join(""),
    read: (t) =>
      t
        .split("\n")
        .filter((l) => l && !marker.test(l))
        .map(lineClass),
    merge: (i) => mergeLineRecords(i, parseLines, false),
  },
  {
    name: "json array",
    path: "d/list.json",
    write: (r) => `[${r.map((s) => s.text).join(", ")}]\n`,
    read: (t) => {
      const body = t
        .split("\n")
        .filter((l) => !marker.test(l))
        .join("\n");
      const inner = body.slice(body.indexOf("[") + 1, body.lastIndexOf("]"));
      return splitTop(inner).filter(Boolean).map(lineClass);
    },
    merge: (i) => mergeJson(i),
  },
];

// A one-line array's elements (or one element per line when pretty-printed).
function splitTop(l: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (c === '"') i = l.indexOf('"', i + 1);
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      out.push(l.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(l.slice(start).trim());
  return out;
}

// The lines driver compares text, so the model's class for it is the spelling itself.
const spellingClass = (d: Driver, s: Sp) => (d.name === "lines" ? s.text : s.cls);

describe("model: copies are counted, identity is exact (every record driver)", () => {
  for (const d of drivers) {
    it(`${d.name}: appendOnly false merges to mergedCount per record, clean`, () => {
      fc.assert(
        fc.property(threeSides(true), ([b, o, t]) => {
          // Lines compare text: map output lines back to their spelling for that driver.
          const out = d.merge(
            input(d.path, d.write(b), d.write(o), d.write(t), { appendOnly: false }),
          );
          expect(out.ok && out.conflicts).toEqual([]);
          const got = countsOf(d, textOf(out));
          const keys = new Set([...b, ...o, ...t].map((s) => spellingClass(d, s)));
          for (const k of keys) {
            const c = (xs: Sp[]) => xs.filter((s) => spellingClass(d, s) === k).length;
            expect(got.get(idOf(k)) ?? 0, `record ${String(k)}`).toBe(modelCount(c(b), c(o), c(t)));
          }
        }),
        { numRuns },
      );
    });

    it(`${d.name}: append-only keeps every record of both sides; removals are conflicts`, () => {
      fc.assert(
        fc.property(threeSides(true), ([b, o, t]) => {
          const out = d.merge(input(d.path, d.write(b), d.write(o), d.write(t), {}));
          const got = countsOf(d, textOf(out));
          const keys = new Set([...b, ...o, ...t].map((s) => spellingClass(d, s)));
          let conflict = false;
          for (const k of keys) {
            const [cb, co, ct] = [b, o, t].map(
              (xs) => xs.filter((s) => spellingClass(d, s) === k).length,
            );
            // A copy of a base record removed on one side only is a conflict.
            if (Math.min(co, cb) !== Math.min(ct, cb)) conflict = true;
            // Nothing of either side is lost, conflict or not.
            expect(got.get(idOf(k)) ?? 0).toBeGreaterThanOrEqual(Math.max(co, ct));
          }
          expect(out.ok && out.conflicts.length > 0).toBe(conflict);
          if (conflict) return;
          for (const k of keys) {
            const [cb, co, ct] = [b, o, t].map(
              (xs) => xs.filter((s) => spellingClass(d, s) === k).length,
            );
            expect(got.get(idOf(k)) ?? 0).toBe(modelCount(cb, co, ct));
          }
        }),
        { numRuns },
      );
    });
  }
});

const idOf = (k: string | number) => (typeof k === "string" ? textId(k) : k);
const countsOf = (d: Driver, text: string) =>
  d.name === "lines"
    ? counts(
        text
          .split("\n")
          .filter((l) => l && !marker.test(l))
          .map(textId),
      )
    : counts(d.read(text));

// Lines: a stable number per distinct text, so counts() works on text too.
const textIds = new Map<string, number>();
function textId(l: string): number {
  let n = textIds.get(l);
  if (n === undefined) {
    n = 1000 + textIds.size;
    textIds.set(l, n);
  }
  return n;
}

// CSV: rows are maps from column name to cell; headers merge by name, a missing column is an
// empty cell. Generators: reordered columns, a column added on either side (values on new
// rows only), a BOM on either side, duplicates, removals, empty files.
describe("model: csv rows by column name, copies counted", () => {
  const cells = fc.constantFrom(
    "1",
    "9007199254740993",
    "9007199254740992",
    "1.0",
    "x",
    "a,b",
    'q"q',
    "",
  );
  const rowOf = fc.tuple(cells, cells);
  type Shape = { order: string[]; bom: boolean };
  const shape = fc
    .tuple(fc.boolean(), fc.constantFrom("", "c", "d"), fc.boolean())
    .map(([swap, extra, bom]): Shape => {
      const order = swap ? ["a", "id"] : ["id", "a"];
      return { order: extra ? [...order, extra] : order, bom };
    });
  const q = (f: string) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  const write = (s: Shape, rows: Record<string, string>[]) =>
    (s.bom ? "\uFEFF" : "") +
    [s.order.join(","), ...rows.map((r) => s.order.map((c) => q(r[c] ?? "")).join(","))]
      .map((l) => `${l}\n`)
      .join("");
  const parse = (text: string): Record<string, string>[] => {
    const lines = text
      .replace(/^\uFEFF/, "")
      .split("\n")
      .filter(Boolean);
    const head = lines[0].split(",");
    return lines.slice(1).map((l) => {
      const f = [...l.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) =>
        m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1],
      );
      return Object.fromEntries(head.map((h, i) => [h, f[i] ?? ""]));
    });
  };
  const keyOf = (r: Record<string, string>, cols: string[]) =>
    JSON.stringify(cols.map((c) => r[c] ?? ""));

  it("appendOnly false: merged header and mergedCount per row, clean", () => {
    fc.assert(
      fc.property(
        fc.array(rowOf, { maxLength: 5 }),
        shape,
        shape,
        fc.array(fc.boolean(), { maxLength: 5 }),
        fc.array(fc.boolean(), { maxLength: 5 }),
        fc.array(fc.tuple(rowOf, cells), { maxLength: 4 }),
        fc.array(fc.tuple(rowOf, cells), { maxLength: 4 }),
        (baseRows, so, st, keepO, keepT, addO, addT) => {
          const base = baseRows.map(([id, a]) => ({ id, a }));
          const side = (s: Shape, keep: boolean[], add: [string[], string][]) => [
            ...base.filter((_, i) => keep[i] ?? true),
            ...add.map(([[id, a], x]) => {
              const extra = s.order[2];
              return extra ? { id, a, [extra]: x } : { id, a };
            }),
          ];
          const ours = side(so, keepO, addO);
          const theirs = side(st, keepT, addT);
          const bs: Shape = { order: ["id", "a"], bom: false };
          const out = mergeCsv(
            input("d/t.csv", write(bs, base), write(so, ours), write(st, theirs), {
              appendOnly: false,
            }),
          );
          expect(out.ok && out.conflicts).toEqual([]);
          const text = textOf(out);
          const columns = [...new Set([...so.order, ...st.order])];
          expect(text.replace(/^\uFEFF/, "").split("\n")[0]).toBe(
            ours.length || so.order.length ? columns.join(",") : columns.join(","),
          );
          expect(text.startsWith("\uFEFF")).toBe(so.bom);
          const got = counts(parse(text).map((r) => textId(keyOf(r, columns))));
          const all = new Set([...base, ...ours, ...theirs].map((r) => keyOf(r, columns)));
          for (const k of all) {
            const c = (rs: Record<string, string>[]) =>
              rs.filter((r) => keyOf(r, columns) === k).length;
            expect(got.get(textId(k)) ?? 0, `row ${k}`).toBe(
              modelCount(c(base), c(ours), c(theirs)),
            );
          }
        },
      ),
      { numRuns },
    );
  });
});

// Keyed JSONL with appendOnly false: three-way per key, cell by cell (Dolt's rule), ids past 2^53.
describe("model: keyed records merge cell by cell", () => {
  const IDS = ["9007199254740993", "9007199254740992", "1", "12345678901234567890"];
  type V = { a: string; b: string } | undefined;
  const val = fc.record({ a: fc.constantFrom("x", "y", "z"), b: fc.constantFrom("p", "q") });
  const version = (base: V) =>
    fc.oneof(
      fc.constant(base),
      fc.constant(undefined),
      base ? val.map((v) => ({ ...base, a: v.a })) : val,
      base ? val.map((v) => ({ ...base, b: v.b })) : val,
      val,
    );
  const eq = (x: V, y: V) => JSON.stringify(x) === JSON.stringify(y);
  const line = (id: string, v: NonNullable<V>) => `{"id":${id},"a":"${v.a}","b":"${v.b}"}\n`;
  const write = (m: V[]) => m.map((v, i) => (v ? line(IDS[i], v) : "")).join("");

  it("different fields apply; the same field changed differently is a conflict", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.option(val, { nil: undefined }), { minLength: 4, maxLength: 4 })
          .chain((b) =>
            fc.tuple(
              fc.constant(b as V[]),
              fc.tuple(...b.map((x) => version(x as V))),
              fc.tuple(...b.map((x) => version(x as V))),
            ),
          ),
        ([b, o, t]) => {
          let conflict = false;
          const want: V[] = b.map((bv, i) => {
            const [ov, tv] = [o[i] as V, t[i] as V];
            if (eq(ov, tv)) return ov;
            if (eq(bv, ov)) return tv;
            if (eq(bv, tv)) return ov;
            if (bv && ov && tv) {
              const m = { a: "", b: "" };
              for (const f of ["a", "b"] as const) {
                if (ov[f] === tv[f] || bv[f] === tv[f]) m[f] = ov[f];
                else if (bv[f] === ov[f]) m[f] = tv[f];
                else conflict = true;
              }
              return m;
            }
            conflict = true;
            return undefined;
          });
          const out = mergeLineRecords(
            input("d/k.jsonl", write(b), write(o as V[]), write(t as V[]), {
              key: ["id"],
              appendOnly: false,
            }),
            parseJsonl,
          );
          const text = textOf(out);
          expect(out.ok && out.conflicts.length > 0).toBe(conflict);
          if (conflict) return;
          const got = new Map(
            text
              .split("\n")
              .filter(Boolean)
              .map((l) => {
                const { a, b: bb } = JSON.parse(l.replace(/"id":\d+/, '"id":0'));
                return [/"id":(\d+)/.exec(l)?.[1], JSON.stringify({ a, b: bb })];
              }),
          );
          expect(got.size).toBe(text.split("\n").filter(Boolean).length);
          IDS.forEach((id, i) => {
            expect(got.get(id), `id ${id}`).toBe(want[i] ? JSON.stringify(want[i]) : undefined);
          });
        },
      ),
      { numRuns },
    );
  });
});
