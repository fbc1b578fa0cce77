import { describe, expect, it } from "vitest";
import { testEnv, withRepo } from "../helpers/withRepo.js";

describe("MLBRANCH_DEBUG", () => {
  it("traces each git call and each phase with its time on stderr, and nothing when unset", () =>
    withRepo((repo) => {
      repo.write("README.md", "# x\n");
      repo.commit("start");
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.write("a.py", "a = 1\n");
      repo.git("add", "a.py");
      const on = repo.mlbranch(["check", "--staged"], { env: testEnv({ MLBRANCH_DEBUG: "1" }) });
      expect(on.code).toBe(0);
      expect(on.stderr).toMatch(
        /mlbranch:debug +[\d.]+ ms {2}git diff-index .* -> exit 0, \d+ bytes \([\d.]+ ms\)/,
      );
      expect(on.stderr).toMatch(/mlbranch:debug .* {2}rule paths, 1 commit\(s\) \([\d.]+ ms\)/);
      expect(on.stderr).toMatch(/mlbranch:debug .* {2}exit 0\n/);
      for (const value of ["", "0"]) {
        const off = repo.mlbranch(["check", "--staged"], {
          env: testEnv({ MLBRANCH_DEBUG: value }),
        });
        expect(off.code).toBe(0);
        expect(off.stderr).not.toContain("mlbranch:debug");
      }
    }));
});
