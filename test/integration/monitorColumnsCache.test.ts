import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Shift, syntheticJsonl } from "../helpers/synthetic.js";
import { withRepo } from "../helpers/withRepo.js";

// Each hook is a new process: the reference's columns are kept by blob id under the git
// directory, so the next check reads them instead of parsing the training data again. A check
// from the cache answers exactly as one that parsed; a damaged cache file is parsed around.

const tagged = (n: number, seed: number, shift: Shift = {}) =>
  syntheticJsonl(n, seed, shift)
    .trimEnd()
    .split("\n")
    .map((l) => JSON.stringify({ ...JSON.parse(l), model_tag: "model-1" }))
    .join("\n") + "\n";

describe("monitor: the reference parsed once per content", () => {
  it("a drifted append is refused alike from a fresh parse, from the cache and past a damaged cache", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          unknownBranch: "allow",
          types: { monitoring: { match: ["monitoring"], monitor: { block: true } } },
        }),
      );
      repo.commit("init");
      repo.git("checkout", "-q", "-b", "stable/m1");
      repo.write("data/train.jsonl", syntheticJsonl(3000, 1));
      repo.commit("train model 1");
      repo.git("tag", "model-1");
      repo.git("checkout", "-q", "main");
      repo.git("checkout", "-q", "-b", "monitoring");
      repo.write("monitoring/a.jsonl", tagged(2000, 2));
      repo.commit("day 1, like the training data");
      const quiet = repo.mlbranch(["check", "--range", "main..monitoring"]);
      expect(quiet.code).toBe(0);
      const dir = join(repo.dir, ".git", "mlbranch", "columns");
      const blob = repo.git("rev-parse", "model-1:data/train.jsonl");
      expect(readdirSync(dir)).toEqual([`${blob}.jsonl.v1`]);
      repo.write("monitoring/a.jsonl", tagged(2000, 2) + tagged(2000, 3, { mean: 0.5 }));
      repo.commit("day 2, drifted");
      const fromCache = repo.mlbranch(["check", "--range", "main..monitoring"]);
      expect(fromCache.code).toBe(1);
      expect(fromCache.stderr).toMatch(/x\s+numeric.*DRIFT/);
      // The same answer without the cache (removed) and past a damaged one.
      repo.rm(".git/mlbranch/columns");
      const parsed = repo.mlbranch(["check", "--range", "main..monitoring"]);
      expect(parsed.code).toBe(1);
      expect(parsed.stderr).toBe(fromCache.stderr);
      writeFileSync(join(dir, `${blob}.jsonl.v1`), "not columns");
      const damaged = repo.mlbranch(["check", "--range", "main..monitoring"]);
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toBe(fromCache.stderr);
      expect(existsSync(join(dir, `${blob}.jsonl.v1`))).toBe(true);
      // Cut short by whole values (a full disk, a copy stopped midway): its columns would read
      // as shorter than its rows, so it is parsed around too.
      const good = readFileSync(join(dir, `${blob}.jsonl.v1`));
      writeFileSync(join(dir, `${blob}.jsonl.v1`), good.subarray(0, good.length - 8 * 500));
      const short = repo.mlbranch(["check", "--range", "main..monitoring"]);
      expect(short.stderr).toBe(fromCache.stderr);
      expect(readFileSync(join(dir, `${blob}.jsonl.v1`)).equals(good)).toBe(true);
    }));
});
