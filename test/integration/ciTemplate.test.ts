import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { linkPackage } from "../helpers/installed.js";
import { makeRepo, PROJECT_ROOT, type Repo, run, testEnv } from "../helpers/withRepo.js";

// The shell step of templates/ci-github.yml, run as GitHub Actions would, in a fresh clone.
const template = readFileSync(join(PROJECT_ROOT, "templates", "ci-github.yml"), "utf8");
const script = template
  .split("\n")
  .slice(template.split("\n").findIndex((l) => l.trim() === "run: |") + 1)
  .map((l) => l.slice(10))
  .join("\n");

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function ciRun(bare: Repo, sha: string, env: NodeJS.ProcessEnv) {
  const ci = `${bare.dir}-ci${made.length}`;
  made.push(ci);
  run("git", ["clone", "-q", bare.dir, ci], bare.dir);
  run("git", ["checkout", "-q", sha], ci);
  linkPackage(ci);
  return run("bash", ["-c", script], ci, { env: testEnv({ AFTER: sha, ...env }) });
}

describe("the CI workflow (mlbranch ci-template)", () => {
  it("refuses a pushed range that breaks a rule, passes a clean one, judges new branches by name", () => {
    const repo = makeRepo();
    const bare = makeRepo({ bare: true });
    made.push(repo.dir, bare.dir);
    repo.write("README.md", "# p\n");
    const base = repo.commit("start");
    repo.git("push", "-q", bare.dir, "main");

    repo.write("data/x.csv", "a\n");
    const bad = repo.commit("data on main");
    repo.git("push", "-q", bare.dir, "main");
    const r = ciRun(bare, bad, { EVENT: "push", BEFORE: base, PUSHED_BRANCH: "main" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data/x.csv may not be committed on main");

    repo.git("checkout", "-q", "-b", "dev/x", base);
    repo.write("train.py", "print(1)\n");
    const code = repo.commit("code");
    repo.git("push", "-q", bare.dir, "dev/x", "dev/x:stable/x");
    const zero = "0".repeat(40);
    const asDev = ciRun(bare, code, { EVENT: "push", BEFORE: zero, PUSHED_BRANCH: "dev/x" });
    expect(asDev.code, asDev.stderr).toBe(0);
    const asStable = ciRun(bare, code, { EVENT: "push", BEFORE: zero, PUSHED_BRANCH: "stable/x" });
    expect(asStable.code).toBe(1);
    expect(asStable.stderr).toContain("no code is written on stable/x");
  });
});
