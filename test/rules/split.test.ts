import { describe, expect, it } from "vitest";
import { decode } from "../../src/data/decode.js";
import { splitRecords } from "../../src/quality/split/splitRecords.js";
import { runRule } from "../helpers/runRule.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// split (on the default config's split type): a record id is in at most one split file, and
// never in another split than one it was ever committed in before (leakage).

const RULE = "split";
const NAMES = ["train", "validation", "test"];

const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => JSON.stringify({ id: `r${from + i}`, v: i })).join(
    "\n",
  ) + "\n";

/** What `mlbranch split data/all.jsonl --key id --salt <salt>` writes, done in-process. */
function splitAll(repo: Repo, salt: string) {
  const bytes = Buffer.from(repo.read("data/all.jsonl"));
  const r = splitRecords(
    decode(bytes),
    { format: "jsonl", key: ["id"], ratios: [0.8, 0.1, 0.1], names: NAMES, salt, source: "all" },
    bytes,
  );
  for (const [i, n] of NAMES.entries()) repo.write(`data/${n}.jsonl`, r.outputs[i]);
}

/** A repo on branch `split` (the default config's split type); returns main's commit. */
function onSplitBranch(repo: Repo): string {
  repo.write("README.md", "# project\n");
  const base = repo.commit("init");
  repo.git("checkout", "-q", "-b", "split");
  return base;
}

const trailer = (sha: string) => `split data\n\nDerived-From: main@${sha.slice(0, 10)}`;
const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};

describe("split rule", () => {
  it("accepts what mlbranch split writes, also after new records arrive", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/all.jsonl", records(0, 300));
      splitAll(repo, "v1");
      expect(await staged(repo)).toEqual([]);
      repo.commit(trailer(base));
      const before = repo.read("data/test.jsonl");
      repo.write("data/all.jsonl", records(0, 600));
      splitAll(repo, "v1");
      expect(repo.read("data/test.jsonl").startsWith(before)).toBe(true);
      expect(await staged(repo)).toEqual([]);
      repo.commit(trailer(base));
      expect(await runRule(repo, RULE, { range: "main..split" })).toEqual([]);
    }));

  it("refuses an id in two split files, with the count and the first ids", () =>
    withRepo(async (repo) => {
      onSplitBranch(repo);
      repo.write("data/train.jsonl", records(0, 50));
      repo.write("data/test.jsonl", records(45, 60));
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({ rule: RULE, path: null, branch: "split", type: "split" });
      expect(v.message).toContain("5 ids in more than one split file (train & test: 5)");
      expect(v.message).toContain('first: "r45", "r46", "r47", "r48", "r49"');
      expect(v.fix).toContain("mlbranch split");
    }));

  it("refuses an id that moves split after new data (a new salt), also in a range", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/all.jsonl", records(0, 200));
      splitAll(repo, "v1");
      repo.commit(trailer(base));
      repo.write("data/all.jsonl", records(0, 260));
      splitAll(repo, "v2");
      const msgs = (await staged(repo)).map((v) => v.message);
      expect(msgs).toEqual([
        expect.stringMatching(
          /records would move split: \d+ ids already committed in one split now in another \(/,
        ),
      ]);
      expect(msgs[0]).toMatch(/train -> test: \d+/);
      // Committed without the hook: pre-push / CI replay it and refuse it just the same.
      const bad = repo.commit(trailer(base));
      expect(
        (await runRule(repo, RULE, { range: "main..split" })).map((v) => [v.rule, v.commit]),
      ).toEqual([["split", bad]]);
    }));

  it("reads CSV splits, and names a split file whose ids cannot be read", () =>
    withRepo(async (repo) => {
      onSplitBranch(repo);
      repo.write("data/train.csv", "id,v\na,1\nb,2\n");
      repo.write("data/validation.csv", "id,v\nb,3\n");
      repo.write("data/test.jsonl", '{"id":"c"}\n{"nokey":1}\n');
      const out = await staged(repo);
      expect(out).toMatchObject([
        {
          path: "data/test.jsonl",
          message: expect.stringContaining(
            "data/test.jsonl is a split file, but the split rule cannot read",
          ),
        },
        {
          path: null,
          message: expect.stringContaining(
            "1 id in more than one split file (train & validation: 1)",
          ),
        },
      ]);
      expect(out[0].message).toContain("data/test.jsonl:2 has no value for the key id");
    }));

  it("remembers ids across history: one deleted from train may not come back in test", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/train.jsonl", records(0, 10));
      repo.write("data/test.jsonl", records(10, 15));
      repo.commit(trailer(base));
      repo.write("data/train.jsonl", records(0, 3) + records(4, 10));
      repo.commit(trailer(base));
      repo.write("data/test.jsonl", records(10, 15) + records(3, 4));
      expect((await staged(repo)).map((v) => v.message)).toEqual([
        expect.stringContaining(
          '1 id already committed in one split now in another (train -> test: 1); first: "r3"',
        ),
      ]);
      repo.write("data/test.jsonl", records(10, 16));
      expect(await staged(repo)).toEqual([]);
    }));

  it("CRLF, empty and unterminated split files; a commit touching no split file is not judged", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      // The id is the last column: a CRLF reader that kept the \r would see "b\r", not "b".
      repo.write("data/train.csv", "v,id\r\n1,a\r\n2,b\r\n");
      repo.write("data/validation.csv", "");
      repo.write("data/test.csv", "id,v\nc,3");
      expect(await staged(repo)).toEqual([]);
      repo.commit(trailer(base));
      repo.write("data/test.csv", "id,v\nc,3\nb,4\n");
      expect((await staged(repo)).map((v) => v.message)).toEqual([
        expect.stringContaining('1 id in more than one split file (train & test: 1); first: "b"'),
        expect.stringContaining('(train -> test: 1); first: "b"'),
      ]);
      repo.git("reset", "-q", "--hard");
      repo.write("README.md", "# changed\n");
      expect(await staged(repo)).toEqual([]);
    }));

  it("judges split files under folders and with odd names", () =>
    withRepo(async (repo) => {
      onSplitBranch(repo);
      repo.write("data/train/part one.jsonl", records(0, 5));
      repo.write("data/train/-ü\n2.jsonl", records(5, 10));
      repo.write("data/test/a b.jsonl", records(9, 12));
      expect(await staged(repo)).toMatchObject([
        {
          message: expect.stringContaining(
            '1 id in more than one split file (train & test: 1); first: "r9"',
          ),
        },
      ]);
    }));
});
