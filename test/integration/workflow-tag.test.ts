import { describe, expect, it } from "vitest";
import { type Repo, withRepo } from "../helpers/withRepo.js";

function stableRepo(repo: Repo): void {
  repo.write("README.md", "x\n");
  repo.commit("init");
  repo.git("switch", "-q", "-c", "stable/model");
  repo.write("models/model.pt", "w1\n");
  repo.write("data/train.csv", "id,x\n1,2\n");
  repo.write("tracking/runs.jsonl", '{"run_id":"r0"}\n{"run_id":"r1","tag":"acme-1"}\n');
  repo.commit("train");
}

describe("mlbranch tag", () => {
  it("makes acme-1 with model blob ids, data tree ids and the latest tracking record", async () => {
    await withRepo((repo) => {
      stableRepo(repo);
      const r = repo.mlbranch(["tag", "--prefix", "acme"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe("acme-1");
      expect(repo.git("cat-file", "-t", "acme-1")).toBe("tag");
      const msg = repo.git("tag", "-l", "--format=%(contents)", "acme-1");
      expect(msg).toContain(`models/model.pt ${repo.git("rev-parse", "HEAD:models/model.pt")}`);
      expect(msg).toContain(`data/ ${repo.git("rev-parse", "HEAD:data")}`);
      expect(msg).toContain('{"run_id":"r1","tag":"acme-1"}');
      expect(repo.git("rev-parse", "acme-1^{commit}")).toBe(repo.git("rev-parse", "HEAD"));
    });
  });

  it("numbers from the highest existing tag, infers the prefix, and --next only prints", async () => {
    await withRepo((repo) => {
      stableRepo(repo);
      repo.git("tag", "acme-2");
      repo.git("tag", "acme-10", "HEAD~1");
      // Not behind HEAD, so its prefix is not the one inferred.
      repo.git("switch", "-q", "-c", "stable/other");
      repo.commit("other run", { allowEmpty: true });
      repo.git("tag", "other-50");
      repo.git("switch", "-q", "stable/model");
      repo.write("models/model.pt", "w2\n");
      repo.commit("train again");
      const next = repo.mlbranch(["tag", "--next"]);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stdout.trim()).toBe("acme-11");
      expect(repo.tryGit("rev-parse", "-q", "--verify", "refs/tags/acme-11").code).not.toBe(0);
      expect(repo.mlbranch(["tag", "--prefix", "other", "--next"]).stdout.trim()).toBe("other-51");
      expect(repo.mlbranch(["tag", "--prefix", "beta", "--next"]).stdout.trim()).toBe("beta-1");
      const made = repo.mlbranch(["tag", "acme-11", "--json"]);
      expect(made.code, made.stderr).toBe(0);
      expect(JSON.parse(made.stdout)).toMatchObject({ name: "acme-11", created: true });
    });
  });

  it("refuses a dirty tree, a non-stable branch, a tag that exists and a commit already tagged", async () => {
    await withRepo((repo) => {
      stableRepo(repo);
      repo.write("models/model.pt", "uncommitted\n");
      const dirty = repo.mlbranch(["tag", "--prefix", "acme"]);
      expect(dirty.code).toBe(1);
      expect(dirty.stderr).toContain("uncommitted changes");
      expect(dirty.stderr).toContain("models/model.pt");
      repo.git("checkout", "--", "models/model.pt");
      repo.write("scratch.txt", "untracked\n");
      expect(repo.mlbranch(["tag", "--prefix", "acme"]).code).toBe(1);
      repo.rm("scratch.txt");

      repo.git("tag", "acme-1");
      const exists = repo.mlbranch(["tag", "acme-1"]);
      expect(exists.code).toBe(1);
      expect(exists.stderr).toContain("tag acme-1 exists already");
      const again = repo.mlbranch(["tag", "--prefix", "acme"]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("already tagged acme-1");
      const bad = repo.mlbranch(["tag", "zeta-x"]);
      expect(bad.code).toBe(2);

      repo.git("switch", "-q", "-c", "dev/x");
      const wrong = repo.mlbranch(["tag", "--prefix", "acme"]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain("has type dev");
      expect(repo.git("tag", "-l")).toBe("acme-1");
    });
  });

  it("asks for --prefix when no earlier tag tells it", async () => {
    await withRepo((repo) => {
      stableRepo(repo);
      const r = repo.mlbranch(["tag"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--prefix <client-id>");
    });
  });
});
