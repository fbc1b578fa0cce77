import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionsCheckout,
  bitbucketCheckout,
  gitlabCheckout,
  payloadFile,
  runGithubSteps,
  runGitlabScript,
} from "../helpers/ciHost.js";
import { CLI, makeRepo, type Repo, type Run, run, testEnv } from "../helpers/withRepo.js";

// The table, run as the hosts run the generated CI: each pull request judged by the
// workflow's steps on pull_request (the test merge refs/pull/N/merge, made by a real
// `git merge --no-ff`, checked out whole and shallow), on merge_group and on the push that
// merging makes, and by the GitLab job in merge-request and branch pipelines; beside it, what
// mlbranch's pre-receive says about the same push. Bad pull requests and their legit twins.

interface Pr {
  n: number;
  head: string;
  base: string;
  /** The rule that refuses it, or null for a legit one. */
  rule: string | null;
}
const PRS: Pr[] = [
  { n: 1, head: "fix", base: "stable/m", rule: "code-only-by-merge" },
  { n: 2, head: "edit", base: "raw/main", rule: "append-only" },
  { n: 3, head: "dev/m", base: "stable/m", rule: null },
  { n: 4, head: "add", base: "raw/main", rule: null },
];

let w: Repo; // a developer's clone
let origin: Repo; // the host (no hooks, as on GitHub.com / GitLab.com)
let server: Repo; // the same pushes on a server with mlbranch's pre-receive
const made: string[] = [];
const sha = (rev: string) => w.git("rev-parse", rev);
const merges = new Map<number, { base: string; merge: string; head: string }>();

function commitWith(subject: string, ...trailers: string[]): string {
  w.git("add", "-A");
  w.git(
    "commit",
    "-q",
    "--no-verify",
    "-m",
    subject,
    ...(trailers.length ? ["-m", trailers.join("\n")] : []),
  );
  return sha("HEAD");
}

beforeAll(() => {
  w = makeRepo();
  origin = makeRepo({ bare: true });
  server = makeRepo({ bare: true });
  made.push(w.dir, origin.dir, server.dir);
  // GitHub serves any commit by id (actions/checkout fetches the test merge so).
  origin.git("config", "uploadpack.allowAnySHA1InWant", "true");
  origin.git("config", "uploadpack.allowFilter", "true");
  const init = run(process.execPath, [CLI, "init", "--server", server.dir], w.dir);
  expect(init.code, init.stderr).toBe(0);
  w.write("README.md", "# p\n");
  w.commit("start");
  w.git("checkout", "-q", "-b", "raw/main");
  w.write("data/d.csv", "id,v\n1,a\n2,b\n");
  commitWith("delivery 1", "Data-Source: s3://vendor/1.csv");
  w.git("checkout", "-q", "-b", "stable/m", "main");
  w.git("checkout", "-q", "-b", "dev/m", "main");
  w.write("train.py", "print('train')\n");
  w.commit("training code");
  w.git("checkout", "-q", "-b", "fix", "stable/m");
  w.write("train.py", "print('quick fix')\n");
  w.commit("hot fix on a throwaway branch");
  w.git("checkout", "-q", "-b", "edit", "raw/main");
  w.write("data/d.csv", "id,v\n1,a\n2,CHANGED\n");
  commitWith("fix a record", "Data-Source: s3://vendor/1-fixed.csv");
  w.git("checkout", "-q", "-b", "add", "raw/main");
  w.write("data/d.csv", "id,v\n1,a\n2,b\n3,c\n");
  commitWith("delivery 2", "Data-Source: s3://vendor/2.csv");
  const branches = ["main", "raw/main", "stable/m", "dev/m", "fix", "edit", "add"];
  for (const remote of [origin, server]) {
    const r = w.tryGit("push", "-q", "--no-verify", remote.dir, ...branches);
    expect(r.code, r.stderr).toBe(0);
  }
  // Each pull request's test merge, as GitHub makes refs/pull/N/merge, and GitLab's MR head ref.
  for (const pr of PRS) {
    w.git("checkout", "-q", "--detach", pr.base);
    w.git(
      "merge",
      "-q",
      "--no-ff",
      "--no-verify",
      "--no-edit",
      "-m",
      `Merge pull request #${pr.n} from ${pr.head}`,
      pr.head,
    );
    const m = { base: sha(pr.base), merge: sha("HEAD"), head: sha(pr.head) };
    merges.set(pr.n, m);
    w.git(
      "push",
      "-q",
      "--no-verify",
      origin.dir,
      `${m.merge}:refs/pull/${pr.n}/merge`,
      `${m.head}:refs/pull/${pr.n}/head`,
      `${m.head}:refs/merge-requests/${pr.n}/head`,
    );
  }
});
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function verdict(r: Run, pr: Pr): void {
  if (pr.rule) {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`[${pr.rule}]`);
  } else {
    expect(r.code, r.stderr).toBe(0);
  }
}

const payload = (extra: object) => ({
  repository: { default_branch: "main", full_name: "acme/p" },
  ...extra,
});

function ws(dir: string): string {
  made.push(dir, `${dir}-runner`);
  return dir;
}

describe.each(PRS)("pull request #$n: $head into $base", (pr) => {
  it("pre-receive on the direct push of its merge (the yardstick)", () => {
    const m = merges.get(pr.n)!;
    const r = w.tryGit("push", "--no-verify", server.dir, `${m.merge}:refs/heads/${pr.base}`);
    if (pr.rule) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`[${pr.rule}]`);
    } else {
      expect(r.code, r.stderr).toBe(0);
      server.git("update-ref", `refs/heads/${pr.base}`, m.base);
    }
  });

  it.each([0, 1])("GitHub pull_request, test merge checked out with fetch-depth %i", (depth) => {
    const m = merges.get(pr.n)!;
    const dir = ws(
      actionsCheckout(origin.dir, { sha: m.merge, ref: `refs/pull/${pr.n}/merge`, depth }),
    );
    const event = payloadFile(
      dir,
      payload({
        action: "synchronize",
        number: pr.n,
        pull_request: {
          number: pr.n,
          base: { ref: pr.base, sha: m.base },
          head: { ref: pr.head, sha: m.head },
        },
      }),
    );
    const r = runGithubSteps(dir, {
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: event,
      GITHUB_SHA: m.merge,
      GITHUB_REF: `refs/pull/${pr.n}/merge`,
      GITHUB_STEP_SUMMARY: `${dir}-runner/summary.md`,
    });
    verdict(r, pr);
    if (pr.rule) {
      // Judged on the base, under the base's type: where the change lands.
      expect(r.stdout).toMatch(
        new RegExp(`^::error file=[^,]+,line=\\d+,title=mlbranch \\[${pr.rule}\\]`, "m"),
      );
      expect(r.stderr).toContain(`on ${pr.base}`);
    }
  });

  it("GitHub merge_group (the merge queue's branch)", () => {
    const m = merges.get(pr.n)!;
    const queue = `gh-readonly-queue/${pr.base}/pr-${pr.n}-${m.base}`;
    w.git("push", "-q", "--no-verify", origin.dir, `${m.merge}:refs/heads/${queue}`);
    try {
      const dir = ws(
        actionsCheckout(origin.dir, { sha: m.merge, ref: `refs/heads/${queue}`, depth: 0 }),
      );
      const event = payloadFile(
        dir,
        payload({
          action: "checks_requested",
          merge_group: {
            head_sha: m.merge,
            head_ref: `refs/heads/${queue}`,
            base_sha: m.base,
            base_ref: `refs/heads/${pr.base}`,
          },
        }),
      );
      const r = runGithubSteps(dir, {
        GITHUB_EVENT_NAME: "merge_group",
        GITHUB_EVENT_PATH: event,
        GITHUB_SHA: m.merge,
      });
      verdict(r, pr);
    } finally {
      origin.git("update-ref", "-d", `refs/heads/${queue}`);
    }
  });

  it("GitLab merge request pipeline (the source head checked out; the merge is the check's own)", () => {
    const m = merges.get(pr.n)!;
    const dir = ws(gitlabCheckout(origin.dir, { sha: m.head, mr: pr.n }));
    const r = runGitlabScript(dir, {
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_DEFAULT_BRANCH: "main",
      CI_COMMIT_SHA: m.head,
      CI_MERGE_REQUEST_IID: String(pr.n),
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: pr.base,
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: pr.head,
      CI_MERGE_REQUEST_DIFF_BASE_SHA: w.git("merge-base", m.base, m.head),
    });
    verdict(r, pr);
  });

  it("Bitbucket pull-request pipeline (a depth-50 clone of the source branch)", () => {
    const m = merges.get(pr.n)!;
    const dir = ws(bitbucketCheckout(origin.dir, { branch: pr.head, sha: m.head }));
    const r = run(
      "bash",
      ["-eo", "pipefail", "-c", "npx --no-install mlbranch check --ci bitbucket"],
      dir,
      {
        env: testEnv({
          CI: "true",
          BITBUCKET_PR_ID: String(pr.n),
          BITBUCKET_BRANCH: pr.head,
          BITBUCKET_COMMIT: m.head,
          BITBUCKET_PR_DESTINATION_BRANCH: pr.base,
        }),
      },
    );
    verdict(r, pr);
  });

  it("the push merging makes: GitHub push event and GitLab branch pipeline", () => {
    const m = merges.get(pr.n)!;
    origin.git("update-ref", `refs/heads/${pr.base}`, m.merge);
    try {
      const dir = ws(
        actionsCheckout(origin.dir, { sha: m.merge, ref: `refs/heads/${pr.base}`, depth: 1 }),
      );
      const event = payloadFile(
        dir,
        payload({
          ref: `refs/heads/${pr.base}`,
          before: m.base,
          after: m.merge,
          created: false,
          deleted: false,
          forced: false,
        }),
      );
      verdict(
        runGithubSteps(dir, {
          GITHUB_EVENT_NAME: "push",
          GITHUB_EVENT_PATH: event,
          GITHUB_SHA: m.merge,
        }),
        pr,
      );
      const gl = ws(gitlabCheckout(origin.dir, { sha: m.merge }));
      verdict(
        runGitlabScript(gl, {
          CI_DEFAULT_BRANCH: "main",
          CI_COMMIT_SHA: m.merge,
          CI_COMMIT_BRANCH: pr.base,
          CI_COMMIT_BEFORE_SHA: m.base,
          CI_PIPELINE_SOURCE: "push",
        }),
        pr,
      );
    } finally {
      origin.git("update-ref", `refs/heads/${pr.base}`, m.base);
    }
  });
});

describe("new branches and bad input", () => {
  it("a new branch is judged against the default branch (GitHub created push, GitLab all-zero before)", () => {
    const edit = sha("edit");
    w.git("push", "-q", "--no-verify", origin.dir, `${edit}:refs/heads/raw/fixes`);
    try {
      const dir = ws(
        actionsCheckout(origin.dir, { sha: edit, ref: "refs/heads/raw/fixes", depth: 0 }),
      );
      const zero = "0".repeat(40);
      const event = payloadFile(
        dir,
        payload({ ref: "refs/heads/raw/fixes", before: zero, after: edit, created: true }),
      );
      const gh = runGithubSteps(dir, {
        GITHUB_EVENT_NAME: "push",
        GITHUB_EVENT_PATH: event,
        GITHUB_SHA: edit,
      });
      verdict(gh, { n: 0, head: "", base: "", rule: "append-only" });
      const gl = ws(gitlabCheckout(origin.dir, { sha: edit }));
      const r = runGitlabScript(gl, {
        CI_DEFAULT_BRANCH: "main",
        CI_COMMIT_SHA: edit,
        CI_COMMIT_BRANCH: "raw/fixes",
        CI_COMMIT_BEFORE_SHA: zero,
      });
      verdict(r, { n: 0, head: "", base: "", rule: "append-only" });
      const ok = runGitlabScript(gl, {
        CI_DEFAULT_BRANCH: "main",
        CI_COMMIT_SHA: sha("add"),
        CI_COMMIT_BRANCH: "raw/more",
        CI_COMMIT_BEFORE_SHA: zero,
      });
      expect(ok.code, ok.stderr).toBe(0);
    } finally {
      origin.git("update-ref", "-d", "refs/heads/raw/fixes");
    }
  });

  it("a missing, malformed or foreign event payload exits 2 with a message, never 0", () => {
    const m = merges.get(2)!;
    const dir = ws(
      actionsCheckout(origin.dir, { sha: m.merge, ref: "refs/pull/2/merge", depth: 0 }),
    );
    const steps = (env: NodeJS.ProcessEnv) => runGithubSteps(dir, { GITHUB_SHA: m.merge, ...env });
    const none = steps({ GITHUB_EVENT_NAME: "pull_request" });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("GITHUB_EVENT_PATH");
    const gone = steps({
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: `${dir}-runner/nope.json`,
    });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/cannot read the GitHub event payload .*nope\.json: ENOENT/);
    const bad = payloadFile(dir, "{not json");
    const badRun = run("bash", ["-c", `printf '{"pull_request": ' > ${bad}`], dir);
    expect(badRun.code).toBe(0);
    const malformed = steps({ GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: bad });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("is not valid JSON");
    const push = payloadFile(dir, payload({ ref: "refs/heads/raw/main" }));
    const noShas = steps({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: push });
    expect(noShas.code).toBe(2);
    expect(noShas.stderr).toContain("has no before");
    const other = steps({ GITHUB_EVENT_NAME: "workflow_dispatch", GITHUB_EVENT_PATH: push });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('not "workflow_dispatch"');
    const gitlab = runGitlabScript(dir, { CI_COMMIT_SHA: "" });
    expect(gitlab.code).toBe(2);
    expect(gitlab.stderr).toContain("CI_COMMIT_SHA is not set");
  });
});
