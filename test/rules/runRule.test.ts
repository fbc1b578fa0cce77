import { describe, expect, it } from "vitest";
import { rules } from "../../src/policy/rules/index.js";
import type { Rule, Violation } from "../../src/policy/types.js";
import { checkWithRule, runRule } from "../helpers/runRule.js";
import { withRepo } from "../helpers/withRepo.js";

// The helper the rule tests stand on: it must judge what `mlbranch check` judges.

const key = (v: Violation) => `${v.rule} ${v.path} ${v.commit} ${v.message}`;

describe("runRule", () => {
  it("finds, rule by rule, exactly what mlbranch check --json finds (staged and in a range)", () =>
    withRepo(async (repo) => {
      repo.git("checkout", "-q", "-b", "raw/main");
      repo.write("data/a.csv", "id\n1\n");
      repo.commit("a\n\nData-Source: s3://vendor/a.csv");
      const base = repo.git("rev-parse", "HEAD");
      repo.write("data/a.csv", "id\n2\n");
      repo.write("models/m.pt", "w");
      repo.write("mlbranch.json", "{}\n");
      repo.git("add", "-A");
      const cli = JSON.parse(repo.mlbranch(["check", "--staged", "--json"]).stdout);
      const each = await Promise.all(rules.map((r) => runRule(repo, r.id)));
      expect(each.flat().map(key).sort()).toEqual(
        [...cli.violations, ...cli.warnings].map(key).sort(),
      );
      expect(each.flat().length).toBeGreaterThanOrEqual(3);

      repo.commit("no provenance");
      const range = JSON.parse(
        repo.mlbranch(["check", "--range", `${base}..raw/main`, "--json"]).stdout,
      );
      const inRange = await Promise.all(
        rules.map((r) => runRule(repo, r.id, { range: `${base}..raw/main` })),
      );
      expect(inRange.flat().map(key).sort()).toEqual(range.violations.map(key).sort());
      expect(range.violations.map((v: Violation) => v.rule)).toContain("trailers");
    }));

  it("runs a rule object as given, and refuses unknown ids and untyped branches", () =>
    withRepo(async (repo) => {
      const everyPath: Rule = {
        id: "test-every-path",
        check: (ctx) =>
          ctx.changes.map((c) => ({
            rule: "test-every-path",
            path: c.path,
            branch: ctx.branch,
            type: ctx.typeName,
            commit: ctx.commit,
            message: c.status,
            fix: "",
            severity: "error" as const,
          })),
      };
      repo.write("a b.txt", "x\n");
      repo.git("add", "-A");
      const r = await checkWithRule(repo, everyPath);
      expect(r).toMatchObject({ branch: "main", type: "main", commits: 0 });
      expect(r.violations.map((v) => [v.path, v.message])).toEqual([["a b.txt", "A"]]);
      await expect(runRule(repo, "no-such-rule")).rejects.toThrow(/no rule "no-such-rule"/);
      await expect(runRule(repo, everyPath, { branch: "feature/x" })).rejects.toThrow(
        /matches no branch type/,
      );
      repo.commit("a");
      expect((await runRule(repo, everyPath, { commit: "HEAD" })).map((v) => v.commit)).toEqual([
        repo.git("rev-parse", "HEAD"),
      ]);
    }));
});
