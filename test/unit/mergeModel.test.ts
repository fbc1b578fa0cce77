import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FileSettings } from "../../src/config/types.js";
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
