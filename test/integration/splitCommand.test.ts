import { describe, expect, it } from "vitest";
import { onSplitBranch, records, trailer } from "../helpers/splitRepo.js";
import { withRepo } from "../helpers/withRepo.js";

// The split rule is tested in-process in test/rules/split.test.ts; here, the command once.
describe("mlbranch split", () => {
  it("writes split files the split rule accepts, and keeps the assignment when records arrive", async () => {
    await withRepo((repo) => {
      const base = onSplitBranch(repo);
      repo.write("data/all.jsonl", records(0, 300));
      const r = repo.mlbranch(["split", "data/all.jsonl", "--key", "id", "--salt", "v1"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        'split data/all.jsonl by id (salt "v1", ratios 0.8,0.1,0.1): 300 records',
      );
      expect(r.stdout).toMatch(/train\s+\d+\s+[\d.]+%\s+data\/train\.jsonl/);
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
      expect(repo.mlbranch(["split", "--help"]).stdout).toContain("mlbranch split");
    });
  });
});
