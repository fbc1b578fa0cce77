import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hash53 } from "../../src/data/hash.js";
import { InputError } from "../../src/io/errors.js";
import { suspect } from "../../src/policy/inputs/splitIds.js";
import { assignSplit, cumulativeRatios, idText } from "../../src/quality/split/assign.js";
import { splitRecords } from "../../src/quality/split/splitRecords.js";

const RUNS = Number(process.env.FC_RUNS ?? 7 * 10);
const base = { ratios: [0.8, 0.1, 0.1], names: ["train", "validation", "test"], salt: "s1" };
const jsonl = (ids: string[]) => ids.map((id, i) => JSON.stringify({ id, i })).join("\n") + "\n";
const jsonlOpts = { ...base, format: "jsonl" as const, key: ["id"], source: "in.jsonl" };

const texts = (r: { outputs: Buffer[] }) => r.outputs.map((b) => b.toString("utf8"));

/** Which split each line of a split result landed in. */
function where(texts: string[]): Map<string, number> {
  const m = new Map<string, number>();
  texts.forEach((t, s) => {
    for (const l of t.split("\n")) if (l) m.set(l, s);
  });
  return m;
}

describe("split assignment", () => {
  it("keeps every earlier assignment when records are added (any ids, any order)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 60 }),
        fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 60 }),
        (first, later) => {
          const ids = [...first, ...later.filter((x) => !first.includes(x))];
          const before = where(texts(splitRecords(jsonl(first), jsonlOpts)));
          // Added records are interleaved and the file shuffled: order must not matter either.
          const after = where(texts(splitRecords(jsonl([...ids].reverse()), jsonlOpts)));
          for (const [line, s] of before) {
            const again = [...after].find(([l]) => JSON.parse(l).id === JSON.parse(line).id);
            expect(again?.[1]).toBe(s);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("follows the ratios and changes with the salt", () => {
    const cum = cumulativeRatios(base.ratios);
    const counts = [0, 0, 0];
    let moved = 0;
    for (let i = 0; i < 20000; i++) {
      const s = assignSplit(`user-${i}`, "a", cum);
      counts[s]++;
      if (assignSplit(`user-${i}`, "b", cum) !== s) moved++;
    }
    expect(counts[0] / 20000).toBeCloseTo(0.8, 1);
    expect(counts[1] / 20000).toBeCloseTo(0.1, 1);
    expect(counts[2] / 20000).toBeCloseTo(0.1, 1);
    expect(moved).toBeGreaterThan(2000);
  });

  it("uses a frozen hash: these assignments are a published contract", () => {
    // If this fails, every user's committed splits would move: never change hash53.
    expect(hash53("")).toBe(3338908027751811);
    expect(hash53("user-1")).toBe(6545070316597502);
    const cum = cumulativeRatios([0.5, 0.3, 0.2]);
    const got = Array.from({ length: 12 }, (_, i) => assignSplit(`id${i}`, "s", cum));
    expect(got).toEqual([1, 2, 1, 2, 0, 0, 2, 0, 1, 0, 0, 0]);
  });

  it("copies lines byte for byte, keeps the CSV header in every split, and counts duplicates", () => {
    const csv = 'user,v\nu1,"a,b"\nu2,2\nu1,3\n';
    const r = splitRecords(csv, { ...base, format: "csv", key: ["user"], source: "in.csv" });
    for (const t of texts(r)) if (t) expect(t.startsWith("user,v\n")).toBe(true);
    expect(r.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(r.duplicates).toBe(1);
    const u1 = texts(r).findIndex((t) => t.includes('u1,"a,b"'));
    expect(texts(r)[u1]).toContain("u1,3");
  });

  it("supports composite keys and names the line of a record without an id", () => {
    const text = '{"a":1,"b":"x"}\n{"a":1,"b":"y"}\n';
    const r = splitRecords(text, {
      ...jsonlOpts,
      key: ["a", "b"],
      ratios: [0.5, 0.5],
      names: ["p", "q"],
    });
    expect(r.counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(r.duplicates).toBe(0);
    expect(() => splitRecords('{"id":1}\n{"x":2}\n', jsonlOpts)).toThrow(InputError);
    expect(() => splitRecords('{"id":1}\n{"x":2}\n', jsonlOpts)).toThrow(/in\.jsonl:2/);
  });

  it("gives the same files for ASCII and non-ASCII text, CRLF or LF", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const ascii = jsonl(ids);
    const wide = ids.map((id) => JSON.stringify({ id, name: "é€😀" })).join("\r\n") + "\r\n";
    const a = texts(splitRecords(ascii, jsonlOpts));
    const w = texts(splitRecords(wide, jsonlOpts));
    const idsOf = (t: string) =>
      t
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).id);
    expect(w.map(idsOf)).toEqual(a.map(idsOf));
    expect(w.join("")).not.toContain("\r");
    expect(w.join("")).toContain("é€😀");
  });

  it("puts each record where assignSplit puts its id, whichever way the line is read", () => {
    const id = fc.oneof(
      fc.string({ minLength: 1 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    const extra = fc.dictionary(
      fc.constantFrom("a", "b", "n\\x"),
      fc.oneof(fc.string(), fc.integer(), fc.constant([1])),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(id, extra), { minLength: 1, maxLength: 30 }),
        fc.string(),
        (rows, salt) => {
          const text = `${rows.map(([i, e]) => JSON.stringify({ ...e, id: i })).join("\n")}\n`;
          const r = splitRecords(text, { ...jsonlOpts, salt });
          const cum = cumulativeRatios(jsonlOpts.ratios);
          texts(r).forEach((t, s) => {
            for (const line of t.split("\n").filter(Boolean)) {
              const want = idText([JSON.parse(line).id]);
              if (want !== null) expect(assignSplit(want, salt, cum)).toBe(s);
            }
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("split rule: which hashes are confirmed by their ids' text", () => {
  const TRAIN = 1;
  const TEST = 2;
  it("in two splits now, or in a new split, or (a collision may hide a move) in two before", () => {
    expect(suspect(TRAIN | TEST, 0)).toBe(true);
    expect(suspect(TEST, TRAIN)).toBe(true);
    // id A always in test and id B moved train -> test under one hash: now test, before both.
    expect(suspect(TEST, TRAIN | TEST)).toBe(true);
    // Nothing to confirm: the same split as before, a new id, an id that left.
    expect(suspect(TEST, TEST)).toBe(false);
    expect(suspect(TRAIN, 0)).toBe(false);
    expect(suspect(0, TRAIN | TEST)).toBe(false);
  });
});
