import { describe, expect, it } from "vitest";
import { buildPipeline, commitWith } from "../helpers/pipeline.js";
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

  it("after a squash merge the sources are still named (the trailers git quoted in the message)", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("main");
      repo.git("switch", "-q", "-c", "raw");
      repo.write("data/a.csv", "id\n1\n2\n");
      const raw = commitWith(repo, "raw", ["Data-Source: s3://vendor/a.csv"]);
      repo.git("switch", "-q", "-c", "clean", "main");
      repo.write("data/a.csv", "id\n1\n");
      const clean = commitWith(repo, "clean", [`Derived-From: raw@${raw}`]);
      repo.git("switch", "-q", "-c", "split", "main");
      repo.write("data/train.csv", "id\n1\n");
      commitWith(repo, "split", [`Derived-From: clean@${clean}`]);
      repo.git("switch", "-q", "-c", "stable/model", "main");
      repo.git("merge", "-q", "--squash", "split");
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      repo.git("tag", "-a", "-m", "acme-1", "acme-1");
      const r = repo.mlbranch(["lineage", "acme-1", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const l = JSON.parse(r.stdout);
      expect(l.stages[0].files[0].derivedFrom).toEqual([`clean@${clean}`]);
      expect(l.stages.map((s: { commit: string }) => s.commit)).toEqual(
        expect.arrayContaining([clean, raw]),
      );
      expect(repo.mlbranch(["lineage", "acme-1"]).stdout).not.toContain("no provenance trailer");
    });
  });
});
