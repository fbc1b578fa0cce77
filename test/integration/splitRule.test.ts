import { describe, expect, it } from "vitest";
import { type Repo, withRepo } from "../helpers/withRepo.js";

const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => JSON.stringify({ id: `r${from + i}`, v: i })).join(
    "\n",
  ) + "\n";

/** A repo on branch `split` (the default config's split type) with data/all.jsonl staged. */
function onSplitBranch(repo: Repo): string {
  repo.write("README.md", "# project\n");
  const base = repo.commit("init");
  repo.git("checkout", "-q", "-b", "split");
  return base;
}

const trailer = (sha: string) => `split data\n\nDerived-From: main@${sha.slice(0, 10)}`;

describe("split rule (real git repositories)", () => {
  it("accepts what mlbranch split writes, also after new records arrive", async () => {
    await withRepo((repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/all.jsonl", records(0, 300));
      expect(repo.mlbranch(["split", "data/all.jsonl", "--key", "id", "--salt", "v1"]).code).toBe(
        0,
      );
      repo.git("add", "-A");
      const first = repo.mlbranch(["check", "--staged"]);
      expect(first.code, first.stderr).toBe(0);
      repo.commit(trailer(base));
      const before = repo.read("data/test.jsonl");
      repo.write("data/all.jsonl", records(0, 600));
      repo.mlbranch(["split", "data/all.jsonl", "--key", "id", "--salt", "v1"]);
      expect(repo.read("data/test.jsonl").startsWith(before)).toBe(true);
      repo.git("add", "-A");
      const second = repo.mlbranch(["check", "--staged"]);
      expect(second.code, second.stderr).toBe(0);
      repo.commit(trailer(base));
      const range = repo.mlbranch(["check", "--range", "main..split"]);
      expect(range.code, range.stderr).toBe(0);
    });
  });

  it("refuses an id in two split files, with the count and the first ids", async () => {
    await withRepo((repo) => {
      onSplitBranch(repo);
      repo.write("data/train.jsonl", records(0, 50));
      repo.write("data/test.jsonl", records(45, 60));
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("[split]");
      expect(r.stderr).toContain("5 ids in more than one split file (train & test: 5)");
      expect(r.stderr).toContain('first: "r45", "r46", "r47", "r48", "r49"');
    });
  });

  it("refuses an id that moves split after new data (a new salt), also in --range", async () => {
    await withRepo((repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/all.jsonl", records(0, 200));
      repo.mlbranch(["split", "data/all.jsonl", "--key", "id", "--salt", "v1"]);
      repo.commit(trailer(base));
      repo.write("data/all.jsonl", records(0, 260));
      repo.mlbranch(["split", "data/all.jsonl", "--key", "id", "--salt", "v2"]);
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /records would move split: \d+ ids already committed in one split now in another \(/,
      );
      expect(r.stderr).toMatch(/train -> test: \d+/);
      expect(r.stderr).not.toContain("more than one split");
      // The fix names the split the parent recorded (salt v1), not the new one.
      expect(r.stderr).toContain(
        "re-run `mlbranch split data/all.jsonl --key id --salt v1 --ratios 0.8,0.1,0.1 --names train,validation,test --out data`",
      );
      // Committed without the hook: pre-push / CI replay it and refuse it just the same.
      const bad = repo.commit(trailer(base));
      const range = repo.mlbranch(["check", "--range", "main..split", "--json"]);
      expect(range.code).toBe(1);
      const json = JSON.parse(range.stdout);
      expect(
        json.violations.map((v: { rule: string; commit: string }) => [v.rule, v.commit]),
      ).toEqual([["split", bad]]);
    });
  });

  it("reads CSV splits, and names a split file whose ids cannot be read", async () => {
    await withRepo((repo) => {
      onSplitBranch(repo);
      repo.write("data/train.csv", "id,v\na,1\nb,2\n");
      repo.write("data/validation.csv", "id,v\nb,3\n");
      repo.write("data/test.jsonl", '{"id":"c"}\n{"nokey":1}\n');
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("1 id in more than one split file (train & validation: 1)");
      expect(r.stderr).toContain("data/test.jsonl is a split file, but the split rule cannot read");
      expect(r.stderr).toContain("data/test.jsonl:2 has no value for the key id");
    });
  });

  it("reads ids by the key mlbranch split recorded beside the files (--key wine_id)", async () => {
    await withRepo((repo) => {
      const base = onSplitBranch(repo);
      const wines = (n: number) =>
        `wine_id,alcohol\n${Array.from({ length: n }, (_, i) => `w${i},${12 + (i % 3)}`).join("\n")}\n`;
      repo.write("data/wine.csv", wines(200));
      const s = repo.mlbranch(["split", "data/wine.csv", "--key", "wine_id", "--salt", "s1"]);
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout).toContain("key and salt recorded in data/.mlbranch-split.json");
      expect(JSON.parse(repo.read("data/.mlbranch-split.json"))).toEqual({
        key: ["wine_id"],
        salt: "s1",
        ratios: [0.8, 0.1, 0.1],
        names: ["train", "validation", "test"],
        files: { train: "train.csv", validation: "validation.csv", test: "test.csv" },
        input: "data/wine.csv",
      });
      repo.git("add", "-A");
      const ok = repo.mlbranch(["check", "--staged"]);
      expect(ok.code, ok.stderr).toBe(0);
      // Through the real hook path too: a plain commit on split with its trailer.
      repo.commit(trailer(base));
      // Without the recipe the config's "id" applies, and the message says where the key comes from.
      repo.git("rm", "-q", "data/.mlbranch-split.json");
      repo.write("data/train.csv", `${repo.read("data/train.csv")}w999,13\n`);
      repo.git("add", "-A");
      const bad = repo.mlbranch(["check", "--staged"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("data/train.csv has no column id (columns: wine_id, alcohol)");
      expect(bad.stderr).not.toContain("pass --key");
      expect(bad.stderr).toContain('the rule reads ids by "id", split.key of mlbranch.json');
      expect(bad.stderr).toContain(
        "make the split with `mlbranch split <input> --key <field> --out <dir>`: it records the key",
      );
      // A broken recipe is named as such.
      repo.write("data/.mlbranch-split.json", "{not json");
      repo.git("add", "-A");
      const broken = repo.mlbranch(["check", "--staged"]);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain(
        "data/.mlbranch-split.json records how the split files beside it were made, but it cannot be read: not JSON",
      );
    });
  });

  it("remembers ids across history: one deleted from train may not come back in test", async () => {
    await withRepo((repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/train.jsonl", records(0, 10));
      repo.write("data/test.jsonl", records(10, 15));
      repo.commit(trailer(base));
      repo.write("data/train.jsonl", records(0, 3) + records(4, 10));
      repo.commit(trailer(base));
      repo.write("data/test.jsonl", records(10, 15) + records(3, 4));
      repo.git("add", "-A");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        '1 id already committed in one split now in another (train -> test: 1); first: "r3"',
      );
      repo.write("data/test.jsonl", records(10, 16));
      repo.git("add", "-A");
      const ok = repo.mlbranch(["check", "--staged"]);
      expect(ok.code, ok.stderr).toBe(0);
    });
  });
});
