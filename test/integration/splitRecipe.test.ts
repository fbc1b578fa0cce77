import { describe, expect, it } from "vitest";
import { onSplitBranch, records, trailer } from "../helpers/splitRepo.js";
import { withRepo } from "../helpers/withRepo.js";

// What `mlbranch split` records beside the split files (.mlbranch-split.json) and how the split
// rule reads it, through the built CLI: `mlbranch split` then `mlbranch check --staged`.

describe("the split recipe (mlbranch split + the split rule)", () => {
  it("names the parent's recipe when ids would move (a new salt)", async () => {
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
      expect(r.stderr).toMatch(/records would move split/);
      // The fix names the split the parent recorded (salt v1), not the new one.
      expect(r.stderr).toContain(
        "re-run `mlbranch split data/all.jsonl --key id --salt v1 --ratios 0.8,0.1,0.1 --names train,validation,test --out data`",
      );
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
});
