import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FileSettings } from "../../src/config/types.js";
import { mergeCsv } from "../../src/merge/csvDriver.js";
import { mergeJson } from "../../src/merge/jsonDriver.js";
import { mergeLineRecords } from "../../src/merge/jsonlDriver.js";
import { parseLines } from "../../src/merge/linesDriver.js";
import type { MergeInput, MergeOutput } from "../../src/merge/runDriver.js";
import { parseJsonl } from "../../src/records/jsonl.js";

// CI default is the issue's 1,000 cases per driver; MLBRANCH_PROPERTY_RUNS overrides it.
const numRuns = Number(process.env.MLBRANCH_PROPERTY_RUNS ?? 1000);

type R = { id: number; v: number };
type Fmt = {
  name: string;
  path: string;
  text: (recs: R[], style: number) => string;
  /** Record contents of an output text (marker lines and the header skipped). */
  contents: (text: string) => string[];
  merge: (i: MergeInput) => MergeOutput;
};

const marker = /^(<{7}|={7}|>{7})/;
const jsonRec = (r: R, style: number) =>
  style % 2 ? `{"v": ${r.v}, "id": ${r.id}}` : JSON.stringify({ id: r.id, v: r.v });
const canon = (line: string) => {
  const o = JSON.parse(line);
  return `${o.id}:${o.v}`;
};

const formats: Fmt[] = [
  {
    name: "jsonl",
    path: "t/m.jsonl",
    text: (recs, s) => recs.map((r, i) => `${jsonRec(r, s + i)}\n`).join(""),
    contents: (t) =>
      t
        .split("\n")
        .filter((l) => l && !marker.test(l))
        .map(canon),
    merge: (i) => mergeLineRecords(i, parseJsonl),
  },
  {
    name: "lines",
    path: "mlruns/0/r/metrics/loss",
    text: (recs) => recs.map((r) => `${r.id} ${r.v} 0\n`).join(""),
    contents: (t) =>
      t
        .split("\n")
        .filter((l) => l && !marker.test(l))
        .map((l) => l.split(" ").slice(0, 2).join(":")),
    merge: (i) => mergeLineRecords(i, parseLines, false),
  },
  {
    name: "csv",
    path: "data/x.csv",
    text: (recs, s) =>
      `id,v\n${recs.map((r) => (s % 2 ? `${r.id},"${r.v}"\n` : `${r.id},${r.v}\n`)).join("")}`,
    contents: (t) =>
      t
        .split("\n")
        .slice(1)
        .filter((l) => l && !marker.test(l))
        .map((l) => l.replace(/"/g, "").replace(",", ":")),
    merge: mergeCsv,
  },
  {
    name: "json array",
    path: "c/list.json",
    text: (recs, s) => `${JSON.stringify(recs, null, s % 2 ? 2 : undefined)}\n`,
    contents: (t) =>
      t
        .split("\n")
        .filter((l) => !marker.test(l))
        .join("\n")
        .match(/\{[^}]*\}/g)
        ?.map((x) => canon(x.replace(/,\s*$/, ""))) ?? [],
    merge: mergeJson,
  },
];

const rec = fc.record({ id: fc.integer({ min: 0, max: 12 }), v: fc.integer({ min: 0, max: 2 }) });
// A side: base with a rare edit or removal, then appended records.
const side = (base: R[]) =>
  fc
    .tuple(
      fc.array(rec, { maxLength: 5 }),
      fc.option(fc.nat(), { freq: 6 }),
      fc.boolean(),
      fc.nat(3),
    )
    .map(([added, touch, remove, style]) => {
      const kept = base.slice();
      if (touch !== null && kept.length) {
        const i = touch % kept.length;
        if (remove) kept.splice(i, 1);
        else kept[i] = { id: kept[i].id, v: (kept[i].v + 1) % 3 };
      }
      return { recs: [...kept, ...added], style };
    });
const case3 = fc
  .uniqueArray(rec, { maxLength: 6, selector: (r) => `${r.id}:${r.v}` })
  .chain((base) => fc.tuple(fc.constant(base), side(base), side(base), fc.nat(3)));

const keyed = [
  { label: "canonical identity", settings: {} as FileSettings },
  { label: "key fields", settings: { key: ["id"] } as FileSettings },
];

function run(f: Fmt, settings: FileSettings, base: string, ours: string, theirs: string) {
  const b = (s: string) => Buffer.from(s);
  return f.merge({
    base: b(base),
    ours: b(ours),
    theirs: b(theirs),
    path: f.path,
    markerSize: 7,
    cwd: process.cwd(),
    settings,
  });
}

describe.each(formats)("$name driver properties", (f) => {
  it.each(keyed)(
    "no record lost, order-independent, re-merge clean, conflicts keep both ($label)",
    ({ settings }) => {
      if (f.name === "lines" && settings.key) return;
      if (f.name === "csv" && settings.key) settings = { key: ["id"] };
      fc.assert(
        fc.property(case3, ([base, o, t, bs]) => {
          const [B, O, T] = [f.text(base, bs), f.text(o.recs, o.style), f.text(t.recs, t.style)];
          const r1 = run(f, settings, B, O, T);
          expect(r1.ok).toBe(true);
          if (!r1.ok) return;
          const out = String(r1.data);
          const got = new Set(f.contents(out));
          // Nothing of either side is lost: in a clean result or between conflict markers.
          for (const c of [...f.contents(O), ...f.contents(T)]) expect(got.has(c)).toBe(true);
          if (r1.conflicts.length) {
            expect(out).toMatch(/^<{7} ours/m);
            return;
          }
          // A side holding one key twice contradicts its own key: only "nothing lost" is promised.
          const unique = (rs: R[]) => new Set(rs.map((r) => r.id)).size === rs.length;
          if (settings.key && ![base, o.recs, t.recs].every(unique)) return;
          const r2 = run(f, settings, B, T, O);
          expect(r2.ok && !r2.conflicts.length).toBe(true);
          if (r2.ok) expect(new Set(f.contents(String(r2.data)))).toEqual(got);
          for (const other of [O, T]) {
            const again = run(f, settings, B, out, other);
            expect(again.ok && again.conflicts.length === 0).toBe(true);
            if (again.ok) expect(new Set(f.contents(String(again.data)))).toEqual(got);
          }
        }),
        { numRuns },
      );
    },
    120_000,
  );
});
