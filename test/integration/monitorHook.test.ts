import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Shift, syntheticJsonl } from "../helpers/synthetic.js";
import { CLI, type Repo, withRepo } from "../helpers/withRepo.js";

const tagged = (n: number, seed: number, shift: Shift = {}, tag = "model-1") =>
  syntheticJsonl(n, seed, shift)
    .trimEnd()
    .split("\n")
    .map((l) => JSON.stringify({ ...JSON.parse(l), model_tag: tag }))
    .join("\n") + "\n";

/** main, a stable branch whose tag model-1 holds data/train.jsonl, and a monitoring branch. */
function setup(repo: Repo, config?: object): void {
  repo.write("README.md", "# project\n");
  if (config) repo.write("mlbranch.json", JSON.stringify(config));
  repo.commit("init");
  repo.git("checkout", "-q", "-b", "stable/m1");
  repo.write("data/train.jsonl", syntheticJsonl(3000, 1));
  repo.commit("train model 1");
  repo.git("tag", "model-1");
  repo.git("checkout", "-q", "main");
  repo.git("checkout", "-q", "-b", "monitoring");
}

const alertLines = (repo: Repo, rev = ":") =>
  repo
    .tryGit("show", `${rev}monitoring/alerts.jsonl`)
    .stdout.split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

// The monitor rule is tested in-process in test/rules/monitor.test.ts; here, what only a real
// commit shows: the alert lands in the commit the pre-commit hook runs for.
describe("monitor rule under a real pre-commit hook", () => {
  it("logs the alert in the commit a real pre-commit hook runs for", async () => {
    await withRepo((repo) => {
      setup(repo);
      const hook = join(repo.dir, ".git", "hooks", "pre-commit");
      writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" check --staged\n`);
      chmodSync(hook, 0o755);
      repo.write("monitoring/new.jsonl", tagged(2000, 4, { newCategory: 0.15 }));
      repo.git("add", "monitoring/new.jsonl");
      const c = repo.tryGit("commit", "-m", "prod data");
      expect(c.code, c.stderr).toBe(0);
      expect(c.stderr).toContain("new: purple");
      expect(repo.git("show", "--name-only", "--format=", "HEAD").split("\n").sort()).toEqual([
        "monitoring/alerts.jsonl",
        "monitoring/new.jsonl",
      ]);
      const [alert] = alertLines(repo, "HEAD:");
      expect(alert.blob).toBe(repo.git("rev-parse", "HEAD:monitoring/new.jsonl"));
      expect(repo.git("status", "--porcelain")).toBe("");
      // `git commit -- <path>` commits a temporary index: the alert must land there and stay.
      repo.write("monitoring/more.jsonl", tagged(2000, 9, { scale: 2 }));
      repo.git("add", "monitoring/more.jsonl");
      const only = repo.tryGit("commit", "-m", "only", "--", "monitoring/more.jsonl");
      expect(only.code, only.stderr).toBe(0);
      expect(alertLines(repo, "HEAD:").map((a) => a.file)).toEqual([
        "monitoring/new.jsonl",
        "monitoring/more.jsonl",
      ]);
      expect(repo.git("status", "--porcelain")).toBe("");
    });
  });
});
