import { describe, expect, it } from "vitest";
import { runRule } from "../helpers/runRule.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// config-change: mlbranch.json changes only on the default branch (or a branch of its type);
// a merge may bring it in unchanged from another parent.

const RULE = "config-change";
const CONFIG = (extra: object = {}) => JSON.stringify({ version: 1, ...extra }, null, 2);

function init(repo: Repo) {
  repo.write("mlbranch.json", CONFIG());
  repo.write("README.md", "# p\n");
  repo.commit("config");
}

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};

describe("config-change", () => {
  it("accepts a change on the default branch and refuses one on dev/x, with the fix", () =>
    withRepo(async (repo) => {
      init(repo);
      repo.write("mlbranch.json", CONFIG({ unknownBranch: "allow" }));
      expect(await staged(repo)).toEqual([]);
      repo.git("stash", "-q");
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.git("stash", "pop", "-q");
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({ rule: RULE, path: "mlbranch.json", branch: "dev/x", type: "dev" });
      expect(v.message).toContain("mlbranch.json changes on dev/x (type dev)");
      expect(v.fix).toContain("make the change on main and merge main in");
    }));

  it("accepts a change on a branch of the default branch's type (master with main)", () =>
    withRepo(async (repo) => {
      init(repo);
      repo.git("checkout", "-q", "-b", "master");
      repo.write("mlbranch.json", CONFIG({ unknownBranch: "deny" }));
      expect(await staged(repo)).toEqual([]);
    }));

  it("refuses deleting mlbranch.json and adding one off the default branch", () =>
    withRepo(async (repo) => {
      repo.write("README.md", "# p\n");
      repo.commit("init");
      repo.git("checkout", "-q", "-b", "dev/add");
      repo.write("mlbranch.json", CONFIG());
      expect(await staged(repo)).toMatchObject([{ rule: RULE }]);
      repo.git("checkout", "-q", "-f", "main");
      init(repo);
      repo.git("checkout", "-q", "-b", "dev/del");
      repo.git("rm", "-q", "mlbranch.json");
      expect(await runRule(repo, RULE)).toMatchObject([{ rule: RULE }]);
    }));

  it("accepts merging the default branch's config in, refuses editing it in the merge", () =>
    withRepo(async (repo) => {
      init(repo);
      repo.git("checkout", "-q", "-b", "dev/y");
      repo.write("y.py", "y = 1\n");
      repo.commit("y");
      repo.git("checkout", "-q", "main");
      repo.write("mlbranch.json", CONFIG({ unknownBranch: "allow" }));
      repo.commit("loosen");
      repo.git("checkout", "-q", "dev/y");
      const before = repo.git("rev-parse", "HEAD");
      repo.git("merge", "-q", "--no-ff", "--no-commit", "main");
      expect(await runRule(repo, RULE)).toEqual([]);
      repo.write("mlbranch.json", CONFIG({ unknownBranch: "deny" }));
      expect(await staged(repo)).toMatchObject([{ rule: RULE }]);
      repo.git("commit", "-q", "--no-verify", "--no-edit");
      expect(await runRule(repo, RULE, { range: `${before}..dev/y` })).toMatchObject([
        { rule: RULE, commit: repo.git("rev-parse", "HEAD") },
      ]);
    }));

  it("follows defaultBranch from the config", () =>
    withRepo(async (repo) => {
      repo.write("mlbranch.json", CONFIG({ defaultBranch: "trunk", unknownBranch: "allow" }));
      repo.commit("config");
      repo.git("checkout", "-q", "-b", "trunk");
      repo.write("mlbranch.json", CONFIG({ defaultBranch: "trunk", unknownBranch: "warn" }));
      // "trunk" matches no type: the helper refuses to judge an untyped branch.
      await expect(staged(repo)).rejects.toThrow(/matches no branch type/);
      repo.git("checkout", "-q", "main");
      repo.write("mlbranch.json", CONFIG({ defaultBranch: "trunk", unknownBranch: "warn" }));
      expect(await staged(repo)).toMatchObject([
        { rule: RULE, fix: expect.stringContaining("make the change on trunk") },
      ]);
    }));
});
