import { describe, expect, it } from "vitest";
import { buildPipeline } from "../helpers/pipeline.js";
import { withRepo } from "../helpers/withRepo.js";

describe("lineage names every source or says which it cannot", () => {
  it("a Derived-From commit not in the clone (clean rebased and force-pushed) is exit 2 with the fetch", async () => {
    await withRepo((repo) => {
      const p = buildPipeline(repo);
      const ok = repo.mlbranch(["lineage", "acme-1", "--json"]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout).stages.map((s: { commit: string }) => s.commit)).toContain(
        p.clean,
      );
      // clean rewritten: the commit split's trailer names is gone from the repository.
      repo.git("switch", "-q", "clean");
      repo.git("commit", "-q", "--amend", "--no-verify", "-m", "clean, rebased");
      repo.git("switch", "-q", "stable/model");
      repo.git("reflog", "expire", "--expire=now", "--all");
      repo.git("gc", "-q", "--prune=now");
      expect(repo.tryGit("cat-file", "-e", p.clean).code).not.toBe(0);
      const r = repo.mlbranch(["lineage", "acme-1"]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toContain(`clean@${p.clean}`);
      expect(r.stderr).toContain("is not in this clone");
      expect(r.stderr).toContain("git fetch origin");
    });
  });
});
