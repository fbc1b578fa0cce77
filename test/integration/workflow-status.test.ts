import { describe, expect, it } from "vitest";
import { withRepo } from "../helpers/withRepo.js";

describe("mlbranch status", () => {
  it("reports branch, type, rules, hooks, drivers and the next tag", async () => {
    await withRepo((repo) => {
      repo.commit("init", { allowEmpty: true });
      repo.git("switch", "-q", "-c", "stable/model");
      repo.git("tag", "-a", "-m", "x", "acme-4");
      let s = JSON.parse(repo.mlbranch(["status", "--json"]).stdout);
      expect(s).toMatchObject({ branch: "stable/model", type: "stable", nextTag: "acme-5" });
      expect(s.rules.join("\n")).toContain("code, changed only by merges");
      expect(s.hooks.installed).toBe(false);
      expect(s.drivers.every((d: { registered: boolean }) => !d.registered)).toBe(true);

      repo.git("config", "merge.mlbranch-jsonl.driver", "node x.js %O %A %B %L %P");
      repo.write(".husky/pre-commit", "node node_modules/mlbranch/dist/hooks/pre-commit.js\n");
      repo.git("config", "core.hooksPath", ".husky");
      s = JSON.parse(repo.mlbranch(["status", "--json"]).stdout);
      expect(s.hooks).toMatchObject({ hooksPath: ".husky", husky: true, installed: true });
      // Only pre-commit reaches mlbranch here: status names each hook that does not.
      expect(s.hooks.problems.join("\n")).toContain(".husky/pre-push does not run mlbranch");
      expect(s.drivers.find((d: { name: string }) => d.name === "mlbranch-jsonl").registered).toBe(
        true,
      );
      const text = repo.mlbranch(["status"]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("branch: stable/model (type stable)");
      expect(text.stdout).toContain("merge drivers: 1/7 registered");
      expect(text.stdout).toContain("next tag: acme-5");
    });
  });

  it("says when a branch takes no tags", async () => {
    await withRepo((repo) => {
      repo.commit("init", { allowEmpty: true });
      repo.git("switch", "-q", "-c", "dev/x");
      const s = JSON.parse(repo.mlbranch(["status", "--json"]).stdout);
      expect(s).toMatchObject({ type: "dev", nextTag: null, nextTagNote: "no tags on type dev" });
    });
  });
});
