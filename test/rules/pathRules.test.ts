import { describe, expect, it } from "vitest";
import { runRule } from "../helpers/runRule.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// allow / deny (rule id "paths", violations "allow" and "deny"): which paths a commit on a
// branch type may add or change. main denies @data and @models by default.

const RULE = "paths";

const staged = (repo: Repo, config?: object) => {
  repo.git("add", "-A");
  return runRule(repo, RULE, { config });
};

const lab = { version: 1, types: { lab: { match: ["lab/**"], allow: ["notes/**"] } } };

describe("allow / deny", () => {
  it("refuses a model on main and data on main, accepts docs", () =>
    withRepo(async (repo) => {
      repo.write("docs/problem.md", "# problem\n");
      expect(await staged(repo)).toEqual([]);
      repo.write("models/m.pt", "w");
      repo.write("data/x.csv", "a\n");
      expect(await staged(repo)).toMatchObject([
        {
          rule: "deny",
          path: "data/x.csv",
          message:
            "data/x.csv may not be committed on main (type main): the path matches the type's deny list.",
          fix: expect.stringContaining("git restore --staged -- 'data/x.csv'"),
        },
        {
          rule: "deny",
          path: "models/m.pt",
          message: expect.stringContaining("on main (type main)"),
        },
      ]);
    }));

  it("honours an allow list from mlbranch.json", () =>
    withRepo(async (repo) => {
      repo.write("mlbranch.json", JSON.stringify(lab));
      repo.commit("config");
      repo.git("checkout", "-q", "-b", "lab/a");
      repo.write("notes/n.md", "n\n");
      expect(await staged(repo)).toEqual([]);
      repo.write("src/x.py", "x\n");
      expect(await staged(repo)).toMatchObject([
        {
          rule: "allow",
          path: "src/x.py",
          message: "src/x.py is outside what lab/a (type lab) may hold (allow: notes/**).",
        },
      ]);
    }));

  it("lets a file outside the allow list be deleted, but not edited", () =>
    withRepo(async (repo) => {
      repo.write("src/x.py", "x\n");
      repo.write("src/y.py", "y\n");
      repo.write("mlbranch.json", JSON.stringify(lab));
      repo.commit("before the rules");
      repo.git("checkout", "-q", "-b", "lab/a");
      repo.rm("src/x.py");
      expect(await staged(repo)).toEqual([]);
      repo.write("src/y.py", "y2\n");
      expect(await staged(repo)).toMatchObject([{ rule: "allow", path: "src/y.py" }]);
    }));

  it("refuses renaming a file into a denied path", () =>
    withRepo(async (repo) => {
      repo.write("docs/m.bin", "w");
      repo.commit("docs");
      repo.write("models/.keep", "");
      repo.git("mv", "docs/m.bin", "models/m.bin");
      expect((await staged(repo)).map((v) => v.path)).toContain("models/m.bin");
    }));

  it("deny wins over allow, and globs match odd names", () =>
    withRepo(async (repo) => {
      const config = {
        version: 1,
        types: { main: { match: ["main"], allow: ["notes/**"], deny: ["notes/secret*"] } },
      };
      for (const n of ["notes/a b.md", "notes/-x.md", "notes/ü\nn.md"]) repo.write(n, "n\n");
      expect(await staged(repo, config)).toEqual([]);
      repo.write("notes/secret key.md", "s\n");
      repo.write("top level.md", "t\n");
      expect(await staged(repo, config)).toMatchObject([
        { rule: "deny", path: "notes/secret key.md" },
        { rule: "allow", path: "top level.md" },
      ]);
    }));

  it("judges the first commit of a repository and commits in a range", () =>
    withRepo(async (repo) => {
      repo.write("models/m.pt", "w");
      expect(await staged(repo)).toMatchObject([{ rule: "deny", path: "models/m.pt" }]);
      const bad = repo.commit("model on main");
      repo.write("docs/a.md", "a\n");
      repo.commit("docs");
      expect(await runRule(repo, RULE, { range: "main" })).toMatchObject([
        { path: "models/m.pt", commit: bad },
      ]);
    }));
});
