import { readFileSync, rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  actionsCheckout,
  githubSteps,
  gitlabCheckout,
  gitlabScript,
  payloadFile,
  runGithubSteps,
  runGitlabScript,
} from "../helpers/ciHost.js";
import { makeRepo } from "../helpers/withRepo.js";

// The templates `mlbranch ci-template` prints, their steps run as the hosts run them on pushes
// (pull requests, merge queues and the table: ciEvents.test.ts).

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const zero = "0".repeat(40);

describe("the CI workflow (mlbranch ci-template)", () => {
  it("is one command on every host: check --ci, after a whole-history checkout", () => {
    const repo = makeRepo();
    made.push(repo.dir);
    const gh = repo.mlbranch(["ci-template"]).stdout;
    expect(gh).toContain("fetch-depth: 0");
    expect(gh).toContain("node-version: 24");
    expect(gh).toContain("cache: npm");
    expect(gh).toMatch(/^ {2}merge_group:/m);
    expect(githubSteps().map((s) => s.run)).toEqual([
      "npx --no-install mlbranch check --ci github --format github",
    ]);
    expect(repo.mlbranch(["ci-template", "--gitlab"]).stdout).toContain("image: node:24");
    expect(gitlabScript()).toEqual(["npx --no-install mlbranch check --ci gitlab"]);
  });

  it("refuses a pushed range that breaks a rule, with annotations and a summary; judges new branches by name", () => {
    const repo = makeRepo();
    const bare = makeRepo({ bare: true });
    made.push(repo.dir, bare.dir);
    repo.write("README.md", "# p\n");
    const base = repo.commit("start");
    repo.git("push", "-q", bare.dir, "main");
    repo.write("data/x.csv", "a\n");
    const bad = repo.commit("data on main");
    repo.git("push", "-q", bare.dir, "main");
    const push = (ref: string, before: string, after: string) => {
      const dir = actionsCheckout(bare.dir, { sha: after, ref: `refs/heads/${ref}`, depth: 0 });
      made.push(dir, `${dir}-runner`);
      const event = payloadFile(dir, {
        ref: `refs/heads/${ref}`,
        before,
        after,
        repository: { default_branch: "main" },
      });
      const summary = `${dir}-runner/summary.md`;
      const r = runGithubSteps(dir, {
        GITHUB_EVENT_NAME: "push",
        GITHUB_EVENT_PATH: event,
        GITHUB_SHA: after,
        GITHUB_STEP_SUMMARY: summary,
      });
      return { ...r, summary };
    };
    const r = push("main", base, bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data/x.csv may not be committed on main");
    expect(r.stdout).toMatch(
      /^::error file=data\/x\.csv,line=1,title=mlbranch \[deny\] in [0-9a-f]{10}::/m,
    );
    const summary = readFileSync(r.summary, "utf8");
    expect(summary).toContain("### mlbranch: 1 rule violation on `main`");
    expect(summary).toContain("| error | deny | `data/x.csv` |");

    repo.git("checkout", "-q", "-b", "dev/x", base);
    repo.write("train.py", "print(1)\n");
    const code = repo.commit("code");
    repo.git("push", "-q", bare.dir, "dev/x", "dev/x:stable/x");
    const asDev = push("dev/x", zero, code);
    expect(asDev.code, asDev.stderr).toBe(0);
    const asStable = push("stable/x", zero, code);
    expect(asStable.code).toBe(1);
    expect(asStable.stderr).toContain("[code-only-by-merge]");
  });
});

describe("the GitLab CI job (mlbranch ci-template --gitlab)", () => {
  it("refuses a pushed range that breaks a rule and passes a new default branch's first commit", () => {
    const repo = makeRepo();
    const bare = makeRepo({ bare: true });
    made.push(repo.dir, bare.dir);
    repo.write("README.md", "# p\n");
    const base = repo.commit("start");
    repo.git("push", "-q", bare.dir, "main");
    repo.write("data/x.csv", "a\n");
    const bad = repo.commit("data on main");
    repo.git("push", "-q", bare.dir, "main");
    const job = (sha: string, env: NodeJS.ProcessEnv) => {
      const dir = gitlabCheckout(bare.dir, { sha });
      made.push(dir);
      return runGitlabScript(dir, { CI_DEFAULT_BRANCH: "main", CI_COMMIT_SHA: sha, ...env });
    };
    const push = job(bad, { CI_COMMIT_BRANCH: "main", CI_COMMIT_BEFORE_SHA: base });
    expect(push.code).toBe(1);
    expect(push.stderr).toContain("data/x.csv may not be committed on main");
    const ok = job(base, { CI_COMMIT_BRANCH: "main", CI_COMMIT_BEFORE_SHA: zero });
    expect(ok.code, ok.stderr).toBe(0);
  });
});
