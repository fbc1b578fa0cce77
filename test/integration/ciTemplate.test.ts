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
  for (const d of made.splice(0)) {
    rmSync(d, { recursive: true, force: true });
    rmSync(`${d}.summary.md`, { force: true });
  }
});

function ciRun(bare: Repo, sha: string, env: NodeJS.ProcessEnv) {
  const ci = `${bare.dir}-ci${made.length}`;
  made.push(ci);
  run("git", ["clone", "-q", bare.dir, ci], bare.dir);
  run("git", ["checkout", "-q", sha], ci);
  linkPackage(ci);
  return run("bash", ["-c", script], ci, {
    env: testEnv({ AFTER: sha, GITHUB_STEP_SUMMARY: `${ci}.summary.md`, ...env }),
  });
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
    // GitHub's language: an annotation on the file, and the step summary.
    expect(r.stdout).toMatch(
      /^::error file=data\/x\.csv,line=1,title=mlbranch \[deny\] in [0-9a-f]{10}::/m,
    );
    const summary = readFileSync(`${made[made.length - 1]}.summary.md`, "utf8");
    expect(summary).toContain("### mlbranch: 1 rule violation on `main`");
    expect(summary).toContain("| error | deny | `data/x.csv` |");

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

// The script of templates/ci-gitlab.yml's job, run as GitLab would, in a fresh clone.
const gitlab = readFileSync(join(PROJECT_ROOT, "templates", "ci-gitlab.yml"), "utf8").split("\n");
const gitlabScript = gitlab
  .slice(gitlab.findIndex((l) => l.trim() === "- |") + 1)
  .map((l) => l.slice(6))
  .join("\n");

describe("the GitLab CI job (mlbranch ci-template --gitlab)", () => {
  it("is printed by --gitlab and refuses a pushed range and a merge request that break a rule", () => {
    const repo = makeRepo();
    const bare = makeRepo({ bare: true });
    made.push(repo.dir, bare.dir);
    expect(repo.mlbranch(["ci-template", "--gitlab"]).stdout).toContain("image: node:24");
    expect(repo.mlbranch(["ci-template"]).stdout).toContain("node-version: 24");
    expect(repo.mlbranch(["ci-template"]).stdout).toContain("cache: npm");
    repo.write("README.md", "# p\n");
    const base = repo.commit("start");
    repo.git("push", "-q", bare.dir, "main");
    repo.write("data/x.csv", "a\n");
    const bad = repo.commit("data on main");
    repo.git("push", "-q", bare.dir, "main");
    const job = (sha: string, env: NodeJS.ProcessEnv) => {
      const ci = `${bare.dir}-gl${made.length}`;
      made.push(ci);
      run("git", ["clone", "-q", bare.dir, ci], bare.dir);
      run("git", ["checkout", "-q", sha], ci);
      linkPackage(ci);
      return run("sh", ["-c", gitlabScript], ci, {
        env: testEnv({ CI_DEFAULT_BRANCH: "main", CI_COMMIT_SHA: sha, ...env }),
      });
    };
    const push = job(bad, { CI_COMMIT_BRANCH: "main", CI_COMMIT_BEFORE_SHA: base });
    expect(push.code).toBe(1);
    expect(push.stderr).toContain("data/x.csv may not be committed on main");
    const ok = job(base, { CI_COMMIT_BRANCH: "main", CI_COMMIT_BEFORE_SHA: "0".repeat(40) });
    expect(ok.code, ok.stderr).toBe(0);

    repo.git("checkout", "-q", "-b", "dev/x", base);
    repo.write("train.py", "print(1)\n");
    const code = repo.commit("code");
    repo.git("push", "-q", bare.dir, "dev/x");
    const mr = job(code, {
      CI_MERGE_REQUEST_IID: "7",
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main",
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "dev/x",
    });
    expect(mr.code, mr.stderr).toBe(0);
    const asStable = job(code, {
      CI_MERGE_REQUEST_IID: "8",
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main",
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "stable/x",
    });
    expect(asStable.code).toBe(1);
    expect(asStable.stderr).toContain("no code is written on stable/x");
  });
});
