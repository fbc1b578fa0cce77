import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { setDebug } from "../../src/io/debug.js";
import { ID_PIECE } from "../../src/quality/split/idStream.js";
import { missing } from "../helpers/requires.js";
import { runRule } from "../helpers/runRule.js";
import { CLI, type Repo, run, useLfs, withRepo } from "../helpers/withRepo.js";

// The split rule reads each split file once, streaming, in pieces of ID_PIECE bytes; an older
// version proven to be the start of a newer one is not read again (its ids are the newer one's
// first ids). These cases reach the piece boundaries, the appended tail and the history path.

const RULE = "split";
const line = (i: number, pad = 0) => `${JSON.stringify({ id: `r${i}`, pad: "x".repeat(pad) })}\n`;
const jsonl = (ids: number[], pad = 0) => ids.map((i) => line(i, pad)).join("");
const ids = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

function onSplitBranch(repo: Repo, lfs = false): string {
  if (lfs) {
    useLfs(repo);
    repo.git("lfs", "track", "data/*.jsonl", "data/*.csv");
  }
  repo.write("README.md", "# project\n");
  const base = repo.commit("init");
  repo.git("checkout", "-q", "-b", "split");
  return base;
}
const commit = (repo: Repo, base: string) =>
  repo.commit(`split data\n\nDerived-From: main@${base.slice(0, 10)}`);
const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};
const messages = async (p: Promise<{ message: string }[]>) => {
  const m = (await p).map((v) => v.message);
  if (process.env.SHOW) console.log(m);
  return m;
};

// The split rule's reads, from its MLBRANCH_DEBUG trace.
async function tracedReads(work: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    lines.push(String(s));
    return true;
  });
  setDebug({ MLBRANCH_DEBUG: "1" });
  try {
    expect(await work()).toEqual([]);
  } finally {
    setDebug({});
    spy.mockRestore();
  }
  return lines.filter((l) => l.includes("split: read "));
}

describe("split rule, streamed", () => {
  it("reads a record that straddles a piece boundary as one record (work tree and git blob)", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      const lines = ids(0, 45_000).map((i) => line(i, 90));
      let at = 0;
      let straddle = -1;
      for (const [i, l] of lines.entries()) {
        if (at < ID_PIECE && at + l.length > ID_PIECE) straddle = i;
        at += l.length;
      }
      expect(straddle).toBeGreaterThan(0);
      repo.write("data/train.jsonl", lines.join(""));
      repo.write("data/test.jsonl", jsonl([straddle, 50_000]));
      for (const found of [await messages(staged(repo))]) {
        expect(found).toHaveLength(1);
        expect(found[0]).toContain("(train & test: 1)");
        expect(found[0]).toContain(`first: "r${straddle}"`);
      }
      commit(repo, base);
      const ranged = await messages(runRule(repo, RULE, { range: "main..split" }));
      expect(ranged).toHaveLength(1);
      expect(ranged[0]).toContain(`first: "r${straddle}"`);
    }));

  it("reads a CSV whose quoted fields hold newlines, across pieces, by record", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      // "a\n7,b" looks like a row with id 7 to a reader that splits on newlines.
      const rows = ids(0, 30_000).map((i) => `t${i},"first line\n7,b ${"y".repeat(120)}"\n`);
      repo.write("data/train.csv", `id,text\n${rows.join("")}`);
      repo.write("data/test.csv", 'id,text\n7,"x"\ns1,y\n');
      expect(await staged(repo)).toEqual([]);
      repo.write("data/test.csv", 'id,text\n7,"x"\nt29999,y\n"t12345","z\nw"\n');
      const found = await messages(staged(repo));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain("(train & test: 2)");
      expect(found[0]).toContain('first: "t29999", "t12345"');
      commit(repo, base);
      expect(await messages(runRule(repo, RULE, { range: "main..split" }))).toEqual(found);
    }));

  it("finds a duplicate that only the appended tail brings", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/train.jsonl", jsonl(ids(0, 1000)));
      repo.write("data/test.jsonl", jsonl(ids(1000, 1100)));
      expect(await staged(repo)).toEqual([]);
      commit(repo, base);
      repo.write("data/train.jsonl", jsonl([...ids(0, 1000), 2000, 1050, 2001]));
      const found = await messages(staged(repo));
      // It was in test before, so it also moves (test -> train), as the rule always said.
      expect(found).toHaveLength(2);
      expect(found[0]).toContain('(train & test: 1); first: "r1050"');
      expect(found[1]).toContain('(test -> train: 1); first: "r1050"');
      commit(repo, base);
      expect(await messages(runRule(repo, RULE, { commit: "HEAD" }))).toEqual(found);
    }));

  it("remembers ids of every version in a chain of appends (read through the newest one)", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/test.jsonl", jsonl(ids(5000, 5010)));
      for (const n of [100, 200, 300, 400]) {
        repo.write("data/train.jsonl", jsonl(ids(0, n)));
        commit(repo, base);
      }
      // A fifth append: train is read once, the four older versions proven its start, none read.
      repo.write("data/train.jsonl", jsonl(ids(0, 500)));
      const reads = await tracedReads(() => staged(repo));
      expect(reads.filter((r) => r.includes("data/train.jsonl"))).toEqual([
        expect.stringContaining("500 ids, 4/4 older versions proven its start"),
      ]);
      // r150 came with the second append; train is rewritten without it and it lands in test.
      repo.write("data/train.jsonl", jsonl(ids(0, 400).filter((i) => i !== 150)));
      repo.write("data/test.jsonl", jsonl([...ids(5000, 5010), 150]));
      const found = await messages(staged(repo));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(
        'would move split: 1 id already committed in one split now in another (train -> test: 1); first: "r150"',
      );
      // The same with train deleted: its versions are read through the largest one.
      repo.git("rm", "-qf", "data/train.jsonl");
      expect(await messages(staged(repo))).toEqual(found);
      commit(repo, base);
      const ranged = await messages(runRule(repo, RULE, { range: "main..split" }));
      expect(ranged).toEqual(found);
    }));

  it("names an invalid line in the appended tail by its line in the whole file", () =>
    withRepo(async (repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/train.jsonl", jsonl(ids(0, 50)));
      repo.write("data/test.jsonl", jsonl(ids(100, 110)));
      commit(repo, base);
      repo.write("data/train.jsonl", `${jsonl(ids(0, 50))}{"id":"r60"}\n{"id": oops}\n`);
      // r5 moves into test too: the history read from the start of train still counts.
      repo.write("data/test.jsonl", jsonl([...ids(100, 110), 5]));
      const found = await messages(staged(repo));
      expect(found).toHaveLength(2);
      expect(found[0]).toContain(
        "data/train.jsonl is a split file, but the split rule cannot read its record ids",
      );
      expect(found[0]).toContain("data/train.jsonl:52");
      expect(found[1]).toContain('(train -> test: 1); first: "r5"');
    }));

  for (const lfs of [false, true])
    it.skipIf(lfs && missing("git-lfs"))(
      `judges ${lfs ? "Git LFS" : "git blob"} split files grown by appends, staged and in a range`,
      () =>
        withRepo(async (repo) => {
          const base = onSplitBranch(repo, lfs);
          repo.write("data/train.jsonl", jsonl(ids(0, 3000), 40));
          repo.write("data/test.jsonl", jsonl(ids(9000, 9100), 40));
          commit(repo, base);
          if (lfs)
            expect(repo.git("cat-file", "-p", "HEAD:data/train.jsonl")).toContain("oid sha256:");
          repo.write("data/train.jsonl", jsonl(ids(0, 4000), 40));
          // One read of the new version (the LFS object, or the work tree file proven staged).
          const reads = (await tracedReads(() => staged(repo))).filter((r) => r.includes("train"));
          expect(reads).toHaveLength(1);
          expect(reads[0]).toContain("4000 ids, 1/1 older versions proven its start");
          expect(reads[0]).toContain(lfs ? "/lfs/objects/" : join(repo.dir, "data/train.jsonl"));
          commit(repo, base);
          repo.write("data/train.jsonl", jsonl([...ids(0, 4000), 9050], 40));
          const found = await messages(staged(repo));
          expect(found).toHaveLength(2);
          expect(found[0]).toContain('(train & test: 1); first: "r9050"');
          expect(found[1]).toContain('(test -> train: 1); first: "r9050"');
          repo.git("checkout", "HEAD", "--", "data/train.jsonl");
          repo.write("data/test.jsonl", jsonl([...ids(9000, 9100), 3500], 40));
          const moved = await messages(staged(repo));
          expect(moved).toHaveLength(2);
          expect(moved[1]).toContain('(train -> test: 1); first: "r3500"');
          commit(repo, base);
          expect(await messages(runRule(repo, RULE, { range: "main..split" }))).toEqual(moved);
          if (!lfs) return;
          // Objects that are not here (and no remote to fetch from): missing, never read as empty.
          rmSync(join(repo.dir, ".git", "lfs", "objects"), { recursive: true, force: true });
          // A new process: this one keeps the ids it read (per blob id, as a range check needs).
          const gone = run(process.execPath, [CLI, "check", "--range", "main..split"], repo.dir);
          expect(gone.code).not.toBe(0);
          for (const f of ["test", "train"])
            expect(gone.stderr + gone.stdout).toContain(
              `data/${f}.jsonl is a split file, but the split rule cannot read its record ids: a Git LFS object that is not here (git lfs fetch)`,
            );
        }),
    );
});
