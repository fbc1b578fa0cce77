import { describe, expect, it } from "vitest";
import { CLI, withRepo } from "../helpers/withRepo.js";

describe("pre-merge-commit sees the branch being merged", () => {
  it("lets git merge bring dev code into stable, though MERGE_HEAD is not written yet", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("main");
      repo.git("switch", "-q", "-c", "dev/model");
      repo.write("train.py", "print(1)\n");
      repo.commit("code");
      repo.git("switch", "-q", "-c", "stable/model", "main");
      repo.write("models/m.pt", "w\n");
      repo.commit("a model");
      const hook = `#!/bin/sh\nexec "${process.execPath}" "${CLI}" check --staged\n`;
      repo.write(".git/hooks/pre-merge-commit", hook, 0o755);
      repo.write(".git/hooks/pre-commit", hook, 0o755);
      const merged = repo.tryGit("merge", "--no-ff", "--no-edit", "dev/model");
      expect(merged.code, merged.stderr).toBe(0);
      expect(repo.git("rev-list", "--parents", "-1", "HEAD").split(" ")).toHaveLength(3);
      // A plain commit of code on stable is still refused.
      repo.write("train.py", "print(2)\n");
      repo.git("add", "train.py");
      const plain = repo.tryGit("commit", "-m", "edit on stable");
      expect(plain.code).not.toBe(0);
      expect(plain.stderr).toContain("code-only-by-merge");
    });
  });

  it("lets git pull bring dev code into stable from a remote", async () => {
    await withRepo(async (origin) => {
      origin.write("README.md", "x\n");
      origin.commit("main");
      origin.git("switch", "-q", "-c", "dev/model");
      origin.write("train.py", "print(1)\n");
      origin.commit("code");
      await withRepo((repo) => {
        repo.git("remote", "add", "origin", origin.dir);
        repo.git("fetch", "-q", "origin");
        repo.git("switch", "-q", "-c", "stable/model", "origin/main");
        repo.write("models/m.pt", "w\n");
        repo.commit("a model");
        const hook = `#!/bin/sh\nexec "${process.execPath}" "${CLI}" check --staged\n`;
        repo.write(".git/hooks/pre-merge-commit", hook, 0o755);
        const pulled = repo.tryGit(
          "pull",
          "--no-rebase",
          "--no-ff",
          "--no-edit",
          "origin",
          "dev/model",
        );
        expect(pulled.code, pulled.stderr).toBe(0);
        expect(repo.git("rev-list", "--parents", "-1", "HEAD").split(" ")).toHaveLength(3);
      });
    });
  });
});
