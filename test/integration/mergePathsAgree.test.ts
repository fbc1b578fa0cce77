import { afterEach, describe, expect, it } from "vitest";
import { mergeSides } from "../helpers/mergeDrivers.js";
import { withRepo } from "../helpers/withRepo.js";

// A file over 64 KiB takes the streaming merge, which copies the lines all three versions share
// without holding them; MLBRANCH_FAST_APPEND_MIN forces the in-memory merge on the same files.
// Whatever the path, a line the format's parser refuses gets one answer: exit 2 naming the line.
const PAD = 2500;
const cases: {
  name: string;
  file: string;
  header?: string;
  row: (i: number) => string;
  bad: string;
  /** How the message names the bad line (its 1-based number in the file). */
  named: RegExp;
}[] = [
  {
    name: "JSONL line that is not JSON",
    file: "tracking/m.jsonl",
    row: (i) => JSON.stringify({ run_id: `r${i}`, loss: i / 7, note: "pad".repeat(10) }),
    bad: '{"run_id": "broken", "loss": }',
    named: /line 701: not valid JSON/,
  },
  {
    name: "JSONL line nested too deep",
    file: "tracking/m.jsonl",
    row: (i) => JSON.stringify({ run_id: `r${i}`, loss: i / 7, note: "pad".repeat(10) }),
    bad: `${"[".repeat(1200)}${"]".repeat(1200)}`,
    named: /line 701: nested deeper than 1000/,
  },
  {
    name: "CSV row of the wrong width",
    file: "data/d.csv",
    header: "id,value,note",
    row: (i) => `${i},${i * 3},"pad, ${"x".repeat(20)}"`,
    bad: "700,1,2,3",
    named: /line 702: 4 fields, but the header has 3/,
  },
  {
    name: "CSV quote inside a field not doubled",
    file: "data/d.csv",
    header: "id,value,note",
    row: (i) => `${i},${i * 3},"pad, ${"x".repeat(20)}"`,
    bad: '700,"a"b,x',
    named: /line 702: text after a closing quote/,
  },
  {
    name: "MLflow metric log with a NUL byte",
    file: "mlruns/0/abc/metrics/loss",
    row: (i) => `${1700000000000 + i} ${i / 7} ${i}`,
    bad: "1700000000700 0.5\u0000 700",
    named: /line 701: contains a NUL byte/,
  },
];

const saved = process.env.MLBRANCH_FAST_APPEND_MIN;
afterEach(() => {
  if (saved === undefined) delete process.env.MLBRANCH_FAST_APPEND_MIN;
  else process.env.MLBRANCH_FAST_APPEND_MIN = saved;
});

describe("streaming and in-memory merges answer malformed input alike", () => {
  // Theirs appending a record ours appended too leaves nothing to look for in the prefix: the
  // prefix is still read, to check it.
  const shapes = cases.flatMap((c) => [
    { ...c, shape: "each side appends its own record" },
    { ...c, shape: "theirs appends what ours appended" },
  ]);
  it.each(shapes)(
    "$name in the shared prefix, $shape: exit 2 naming the line, on both paths",
    async (c) => {
      const rows = Array.from({ length: PAD }, (_, i) => c.row(i));
      rows[700] = c.bad;
      const text = (extra: string[]) =>
        `${[...(c.header ? [c.header] : []), ...rows, ...extra].join("\n")}\n`;
      const base = text([]);
      expect(base.length).toBeGreaterThan(64 << 10);
      const ours = [c.row(90001), c.row(90003)];
      const theirs = c.shape.startsWith("each") ? [c.row(90002)] : [c.row(90001)];
      const answers = [];
      for (const path of ["streaming", "in-memory"])
        answers.push(
          await withRepo((repo) => {
            if (path === "in-memory") process.env.MLBRANCH_FAST_APPEND_MIN = String(1 << 30);
            else delete process.env.MLBRANCH_FAST_APPEND_MIN;
            const r = mergeSides(repo, c.file, base, text(ours), text(theirs));
            // Nothing is lost: both sides' new lines are in the file git leaves.
            for (const line of [...ours, ...theirs]) expect(r.text).toContain(line);
            expect(r.stderr).toContain(`mlbranch: cannot merge ${c.file}`);
            expect(r.stderr).toMatch(c.named);
            expect(r.stderr).not.toMatch(/\n\s+at /);
            return { code: r.code, conflicted: repo.git("diff", "--name-only", "--diff-filter=U") };
          }),
        );
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0].conflicted.trim()).toBe(c.file);
    },
  );

  it.each([
    ["JSONL", "tracking/m.jsonl", undefined],
    ["CSV", "data/d.csv", "id,value,note"],
  ] as const)(
    "%s with odd but valid lines in the shared prefix merges cleanly on both paths",
    async (_, file, header) => {
      const odd = file.endsWith(".jsonl")
        ? [
            "[1,2]",
            "  ",
            '{"deep":{"a":[1,{"b":{"c":2}}]},"big":123456789012345678901234}',
            '{"é":"\\u00e9\\n", "sp" : 1 }',
            "\u00a0",
          ]
        : ['1,"multi\nline, quoted",x', '2,"a ""quoted"" word",y', "", "3,é,\u00e9"];
      const rows = Array.from({ length: PAD }, (_, i) =>
        header
          ? `${i},${i * 3},pad${"x".repeat(30)}`
          : JSON.stringify({ run_id: `r${i}`, n: "x".repeat(30) }),
      );
      rows.splice(700, 0, ...odd);
      const text = (extra: string[]) =>
        `${[...(header ? [header] : []), ...rows, ...extra].join("\n")}\n`;
      const add = (k: number) => (header ? `${k},${k},new` : JSON.stringify({ run_id: `n${k}` }));
      const results: string[] = [];
      for (const path of ["streaming", "in-memory"])
        results.push(
          await withRepo((repo) => {
            if (path === "in-memory") process.env.MLBRANCH_FAST_APPEND_MIN = String(1 << 30);
            else delete process.env.MLBRANCH_FAST_APPEND_MIN;
            const r = mergeSides(repo, file, text([]), text([add(1)]), text([add(2)]));
            expect(r.code, r.stderr).toBe(0);
            return r.text;
          }),
        );
      expect(results[0]).toBe(results[1]);
      expect(results[0]).toBe(text([add(1), add(2)]));
    },
  );
});
