import { describe, expect, it } from "vitest";
import { withRepo } from "../helpers/withRepo.js";

describe("mlbranch branch", () => {
  it("makes stable/model from main and switches to it; dev's work then arrives by a merge", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      const main = repo.commit("init");
      repo.git("switch", "-q", "-c", "dev/model");
      repo.write("train.py", "pass\n");
      repo.commit("code");
      repo.git("switch", "-q", "main");
      const r = repo.mlbranch(["branch", "stable", "model", "--from", "main", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ branch: "stable/model", sha: main });
      expect(repo.git("symbolic-ref", "--short", "HEAD")).toBe("stable/model");
      repo.git("merge", "-q", "--no-ff", "--no-edit", "dev/model");
      const range = repo.mlbranch(["check", "--range", "main..stable/model"]);
      expect(range.code, range.stdout + range.stderr).toBe(0);
    });
  });

  it("finds a type by its branch prefix: branch ds eda makes ds/eda of type analysis", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      const r = repo.mlbranch(["branch", "ds", "eda", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ branch: "ds/eda", type: "analysis" });
      expect(repo.git("symbolic-ref", "--short", "HEAD")).toBe("ds/eda");
      const bad = repo.mlbranch(["branch", "nope", "x"]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('"nope" is not a branch type');
    });
  });

  it("refuses a start point whose own commits would break the new branch's rules", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      repo.git("switch", "-q", "-c", "dev/model");
      repo.write("train.py", "pass\n");
      repo.commit("code");
      // From dev/model, named or as HEAD: its code commit would be stable/model's own history.
      for (const args of [["--from", "dev/model"], []]) {
        const r = repo.mlbranch(["branch", "stable", "model", ...args]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
          "stable/model would start with 1 commit of " +
            (args.length ? "dev/model" : "HEAD") +
            " that main lacks as its own history, and on a stable branch they break code-only-by-merge (train.py)",
        );
        expect(r.stderr).toContain(
          "mlbranch branch stable model --from main, then git merge --no-ff",
        );
        expect(repo.tryGit("rev-parse", "--verify", "-q", "stable/model").code).not.toBe(0);
      }
      expect(repo.git("symbolic-ref", "--short", "HEAD")).toBe("dev/model");
      // Another dev branch from it is fine: code is written there.
      expect(repo.mlbranch(["branch", "dev", "model-2", "--no-switch"]).code).toBe(0);
    });
  });

  it("needs no name for a type with a plain branch name, and --no-switch stays put", async () => {
    await withRepo((repo) => {
      repo.commit("init", { allowEmpty: true });
      expect(repo.mlbranch(["branch", "raw", "--no-switch"]).code).toBe(0);
      expect(repo.git("symbolic-ref", "--short", "HEAD")).toBe("main");
      expect(repo.git("rev-parse", "raw")).toBe(repo.git("rev-parse", "main"));
      expect(repo.mlbranch(["branch", "clean", "vendor-a"]).code).toBe(0);
      expect(repo.git("symbolic-ref", "--short", "HEAD")).toBe("clean/vendor-a");
    });
  });

  it("refuses an unknown type, a type that needs a name, an existing branch and a bad --from", async () => {
    await withRepo((repo) => {
      repo.commit("init", { allowEmpty: true });
      const unknown = repo.mlbranch(["branch", "nosuch", "x"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('"nosuch" is not a branch type');
      const noName = repo.mlbranch(["branch", "dev"]);
      expect(noName.code).toBe(2);
      expect(noName.stderr).toContain("makes no branch of type dev");
      expect(repo.mlbranch(["branch", "dev", "a"]).code).toBe(0);
      const exists = repo.mlbranch(["branch", "dev", "a"]);
      expect(exists.code).toBe(1);
      expect(exists.stderr).toContain("dev/a exists already");
      const badFrom = repo.mlbranch(["branch", "dev", "b", "--from", "nope"]);
      expect(badFrom.code).toBe(2);
      expect(badFrom.stderr).toContain('"nope" is not a revision');
      expect(`${exists.stderr}${badFrom.stderr}`).not.toMatch(/\n\s+at /);
    });
  });
});
