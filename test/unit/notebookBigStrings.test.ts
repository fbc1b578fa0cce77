import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FileWindow } from "../../src/io/readWindow.js";
import {
  BigStrings,
  expandNotebook,
  MIN_BIG,
  shrinkNotebook,
} from "../../src/merge/notebook/bigStrings.js";
import { mergeNotebooks } from "../../src/merge/notebook/mergeNotebook.js";
import { runNotebookDriver } from "../../src/merge/notebook/runNotebookDriver.js";
import { notebookIndent, writeNotebook } from "../../src/merge/notebook/writeNotebook.js";
import { type Notebook, parseNotebook } from "../../src/records/notebook.js";

// The driver sets big output strings aside before parsing (bigStrings.ts); its result must be
// byte for byte what parsing the whole texts gives (the driver before that change): checked on
// random notebooks whose big strings are images, texts with other escapes, non-ASCII, control
// characters, strings just under and over the threshold, and the same value spelt differently.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlbranch-nbbig-"));
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const b64 = (n: number, seed: number) => {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let s = "";
  for (let i = 0; i < n; i++) s += abc[(i * 7 + seed * 13 + ((i * seed) >> 3)) % 64];
  return s;
};
// Values an output can hold: set aside or not, by length and spelling.
const PAYLOADS = [
  `${b64(MIN_BIG + 100, 1)}\n`,
  `${b64(MIN_BIG + 100, 2)}\n`,
  b64(MIN_BIG + 100, 3),
  b64(MIN_BIG - 1, 4),
  `${b64(MIN_BIG - 3, 5)}\n\n`, // raw length over the threshold, decoded length under it
  `${b64(MIN_BIG, 6)}\t"quoted"/`,
  `${b64(MIN_BIG, 7)}é`,
  `${b64(MIN_BIG, 8)}\u0001`,
  "short text\n",
  // Same length, head and tail, different middle (one interning key, two values).
  `${"Q".repeat(40)}${b64(MIN_BIG, 9)}${"Q".repeat(40)}\n`,
  `${"Q".repeat(40)}${b64(MIN_BIG, 10)}${"Q".repeat(40)}\n`,
];

interface Version {
  nb: Notebook;
  // Spell "A" as \u0041 in the raw text (the same value, another spelling).
  respell: boolean;
  unsortedKeys: boolean;
}

const cellArb = fc.record({
  kind: fc.constantFrom("code", "markdown"),
  src: fc.constantFrom("x = 1\n", "print(x)", "# title", PAYLOADS[0]),
  // Mostly payloads the fast path takes (0-4, 8-10); the others make it parse whole.
  payload: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(0, 1, 2, 3, 4, 8, 9, 10) },
    { weight: 1, arbitrary: fc.constantFrom(5, 6, 7) },
  ),
  mime: fc.constantFrom("image/png", "text/plain"),
});
type CellSpec = { kind: string; src: string; payload: number; mime: string };

function cellOf(c: CellSpec, id: string) {
  const p = PAYLOADS[c.payload];
  if (c.kind === "markdown")
    return {
      cell_type: "markdown",
      id,
      metadata: {},
      source: c.src,
      attachments: { "a.png": { "image/png": p } },
    };
  return {
    cell_type: "code",
    id,
    execution_count: c.payload,
    metadata: {},
    source: c.src,
    outputs: [{ output_type: "display_data", data: { [c.mime]: p }, metadata: {} }],
  };
}

function textOf(v: Version): string {
  const text = v.unsortedKeys
    ? JSON.stringify(v.nb, null, 1)
    : writeNotebook(v.nb, 1).replace(/\n$/, "");
  return `${v.respell ? text.replace(/A/g, "\\u0041") : text}\n`;
}

// The driver before bigStrings: every text parsed whole, merged, written.
function wholeMerge(base: string, ours: string, theirs: string) {
  const p = (t: string) => parseNotebook(t, { lenient: true }).nb as Notebook;
  const m = mergeNotebooks(p(base), p(ours), p(theirs));
  return { text: writeNotebook(m.nb, notebookIndent(ours)), code: m.conflicts.length ? 1 : 0 };
}

const sideArb = (n: number) =>
  fc.record({
    edits: fc.array(fc.record({ at: fc.nat(n - 1), to: cellArb }), { maxLength: 3 }),
    drop: fc.option(fc.nat(n - 1), { nil: undefined }),
    add: fc.option(cellArb, { nil: undefined }),
    respell: fc.nat(7).map((n) => n === 0),
    unsortedKeys: fc.boolean(),
  });

describe("big output strings set aside (bigStrings)", () => {
  it("gives byte for byte the merge of the whole texts", () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { minLength: 2, maxLength: 5 }),
        fc.nat(7).map((n) => n === 0),
        fc.integer({ min: 1, max: 1000 }),
        (cells, baseRespell, seed) =>
          fc.assert(
            fc.property(sideArb(cells.length), sideArb(cells.length), (o, t) => {
              const base = cells.map((c, i) => cellOf(c, `c${i}`));
              const side = (s: typeof o, tag: string): Version => {
                const cs = base.map((c) => ({ ...c })) as ReturnType<typeof cellOf>[];
                for (const e of s.edits) cs[e.at] = cellOf(e.to, `c${e.at}`);
                if (s.drop !== undefined) cs.splice(s.drop, 1);
                if (s.add) cs.splice(seed % (cs.length + 1), 0, cellOf(s.add, `${tag}new`));
                return { nb: nbOf(cs), respell: s.respell, unsortedKeys: s.unsortedKeys };
              };
              const texts = [
                textOf({ nb: nbOf(base), respell: baseRespell, unsortedKeys: false }),
                textOf(side(o, "o")),
                textOf(side(t, "t")),
              ];
              const [bf, of, tf] = ["base", "ours", "theirs"].map((n, i) => {
                const f = join(dir, `${n}.ipynb`);
                writeFileSync(f, texts[i]);
                return f;
              });
              const want = wholeMerge(texts[0], texts[1], texts[2]);
              const code = runNotebookDriver([bf, of, tf, "7", "nb.ipynb"], dir);
              expect(code).toBe(want.code);
              expect(readFileSync(of, "utf8")).toBe(want.text);
            }),
            { numRuns: 5, seed },
          ),
      ),
      { numRuns: 40 },
    );
  });

  it("reads a file through a window of any size as it reads the whole buffer", () => {
    // The driver reads each version through a window (io/readWindow.ts): windows from one byte
    // up cut strings, escapes, tokens and multi-byte characters anywhere.
    fc.assert(
      fc.property(
        fc.array(cellArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("", "héllo ✓ 𝄞\n", "\u0000mlb:0", 'tab\tquote"'),
        fc.integer({ min: 1, max: 3 * MIN_BIG }),
        (cells, respell, unsortedKeys, extra, size) => {
          const cs: unknown[] = cells.map((c, i) => cellOf(c, `c${i}`));
          cs.push({ cell_type: "markdown", id: "x", metadata: {}, source: extra });
          const text = textOf({ nb: nbOf(cs), respell, unsortedKeys });
          const f = join(dir, "w.ipynb");
          writeFileSync(f, text);
          const whole = new BigStrings();
          const want = shrinkNotebook(Buffer.from(text), whole);
          const windowed = new BigStrings();
          windowed.source = f;
          const w = new FileWindow(f, size);
          try {
            expect(shrinkNotebook(w, windowed)).toBe(want);
          } finally {
            w.close();
          }
          expect(windowed.bodies.length).toBe(whole.bodies.length);
          for (let id = 0; id < whole.bodies.length; id++)
            expect(windowed.bytes(id).equals(whole.bytes(id))).toBe(true);
          windowed.close();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("sets aside big output strings only, and refuses what it cannot do exactly", () => {
    const nb = (outputText: string, source = "x") =>
      Buffer.from(
        JSON.stringify(
          nbOf([
            {
              cell_type: "code",
              id: "a",
              execution_count: 1,
              metadata: {},
              source,
              outputs: [{ output_type: "stream", name: "stdout", text: outputText }],
            },
          ]),
          null,
          1,
        ),
      );
    const big = new BigStrings();
    const shrunk = shrinkNotebook(nb(PAYLOADS[0], PAYLOADS[0]), big);
    expect(big.bodies.length).toBe(1);
    // The source keeps its text: only the output became a token.
    expect(shrunk?.length).toBeLessThan(MIN_BIG * 2);
    expect(shrunk).toContain(JSON.stringify(PAYLOADS[0]));
    // The same bytes again: the same token.
    shrinkNotebook(nb(PAYLOADS[0]), big);
    expect(big.bodies.length).toBe(1);
    for (const p of [PAYLOADS[4], PAYLOADS[5], PAYLOADS[6], PAYLOADS[7]])
      expect(shrinkNotebook(nb(p), new BigStrings())).toBeNull();
    expect(shrinkNotebook(nb("\u0000mlb:0"), new BigStrings())).toBeNull();
    expect(shrinkNotebook(nb(PAYLOADS[3]), new BigStrings())).not.toBeNull();
  });
});

describe("big strings not in a file (an LFS version, smudged in memory)", () => {
  it("are copied, so the reused read buffer can change under them", () => {
    const text = `${writeNotebook(
      nbOf([
        {
          cell_type: "code",
          id: "a",
          execution_count: 1,
          metadata: {},
          source: "x",
          outputs: [{ output_type: "stream", name: "stdout", text: PAYLOADS[0] }],
        },
      ]),
    )}`;
    const buf = Buffer.from(text);
    const big = new BigStrings();
    const shrunk = shrinkNotebook(buf, big) as string;
    buf.fill(0x41);
    const nb = parseNotebook(shrunk).nb as Notebook;
    const out = Buffer.concat(
      [...expandNotebook(writeNotebook(nb), big)].map((c) => Buffer.from(c)),
    );
    expect(out.toString()).toBe(text);
    big.close();
  });
});

function nbOf(cells: unknown[]): Notebook {
  return {
    cells: cells as Notebook["cells"],
    metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}
