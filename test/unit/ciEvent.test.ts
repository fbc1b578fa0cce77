import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MlbranchError } from "../../src/io/errors.js";
import { bitbucketRun } from "../../src/push/ciBitbucket.js";
import { githubRun } from "../../src/push/ciEvent.js";
import { gitlabRun } from "../../src/push/ciGitlab.js";
import { tagGlob } from "../../src/push/rulesets.js";

// Each host's event read as the push it stands for; what is not an event is a usage error.

const dir = mkdtempSync(join(tmpdir(), "mlbranch-event-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const A = "a".repeat(40);
const B = "b".repeat(40);
const M = "c".repeat(40);
function payload(name: string, body: unknown): string {
  const f = join(dir, `${name}.json`);
  writeFileSync(f, typeof body === "string" ? body : JSON.stringify(body));
  return f;
}
const usage = (fn: () => unknown, text: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MlbranchError);
    expect((e as MlbranchError).exitCode).toBe(2);
    expect((e as Error).message).toContain(text);
    return;
  }
  throw new Error("expected a usage error");
};

describe("githubRun", () => {
  it("reads push, pull_request (the test merge is GITHUB_SHA) and merge_group", () => {
    const push = payload("push", {
      ref: "refs/heads/raw/x",
      before: A,
      after: B,
      repository: { default_branch: "trunk" },
    });
    expect(githubRun({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: push })).toEqual({
      host: "github",
      defaultBranch: "trunk",
      event: { kind: "push", ref: "refs/heads/raw/x", before: A, after: B },
    });
    const pr = payload("pr", {
      number: 7,
      pull_request: { base: { ref: "stable/m", sha: A }, head: { ref: "dev/m", sha: B } },
    });
    expect(
      githubRun({ GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: pr, GITHUB_SHA: M }).event,
    ).toEqual({
      kind: "request",
      base: "stable/m",
      baseSha: A,
      head: "dev/m",
      headSha: B,
      mergeSha: M,
      diffBase: null,
      refspecs: ["+refs/pull/7/head:refs/remotes/pull/7/head"],
    });
    const target = githubRun({
      GITHUB_EVENT_NAME: "pull_request_target",
      GITHUB_EVENT_PATH: pr,
      GITHUB_SHA: M,
    });
    expect(target.event.kind === "request" && target.event.mergeSha).toBeNull();
    const queue = payload("queue", {
      merge_group: { base_ref: "refs/heads/main", base_sha: A, head_sha: B },
    });
    expect(githubRun({ GITHUB_EVENT_NAME: "merge_group", GITHUB_EVENT_PATH: queue }).event).toEqual(
      {
        kind: "queue",
        base: "main",
        baseSha: A,
        headSha: B,
      },
    );
  });

  it("refuses what is not a payload of the event, exit 2", () => {
    usage(() => githubRun({}), "GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set");
    usage(
      () => githubRun({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: join(dir, "none.json") }),
      "ENOENT",
    );
    usage(
      () => githubRun({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: payload("bad", "{") }),
      "not valid JSON",
    );
    usage(
      () => githubRun({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: payload("arr", "[]") }),
      "not a JSON object",
    );
    const short = payload("short", { ref: "refs/heads/x", before: "abc", after: B });
    usage(
      () => githubRun({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: short }),
      "has no before (a commit id)",
    );
    usage(
      () => githubRun({ GITHUB_EVENT_NAME: "issues", GITHUB_EVENT_PATH: short }),
      'not "issues"',
    );
  });
});

describe("gitlabRun and bitbucketRun", () => {
  it("read merge request, merged results, branch and tag pipelines", () => {
    const mr = {
      CI_COMMIT_SHA: B,
      CI_MERGE_REQUEST_IID: "3",
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "raw/main",
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "fix",
      CI_MERGE_REQUEST_DIFF_BASE_SHA: A,
    };
    expect(gitlabRun(mr).event).toMatchObject({
      kind: "request",
      base: "raw/main",
      head: "fix",
      headSha: B,
      mergeSha: null,
      diffBase: A,
    });
    const merged = gitlabRun({
      ...mr,
      CI_COMMIT_SHA: M,
      CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: B,
      CI_MERGE_REQUEST_TARGET_BRANCH_SHA: A,
    });
    expect(merged.event).toMatchObject({ kind: "request", baseSha: A, headSha: B, mergeSha: M });
    expect(
      gitlabRun({ CI_COMMIT_SHA: B, CI_COMMIT_BRANCH: "raw/x", CI_DEFAULT_BRANCH: "main" }),
    ).toEqual({
      host: "gitlab",
      defaultBranch: "main",
      event: { kind: "push", ref: "refs/heads/raw/x", before: "0".repeat(40), after: B },
    });
    expect(gitlabRun({ CI_COMMIT_SHA: B, CI_COMMIT_TAG: "acme-3" }).event).toMatchObject({
      ref: "refs/tags/acme-3",
    });
    usage(() => gitlabRun({ CI_COMMIT_SHA: B }), "CI_COMMIT_BRANCH is not set");
    const pr = bitbucketRun({
      BITBUCKET_COMMIT: B,
      BITBUCKET_PR_ID: "9",
      BITBUCKET_BRANCH: "dev/m",
      BITBUCKET_PR_DESTINATION_BRANCH: "stable/m",
    });
    expect(pr.event).toMatchObject({
      kind: "request",
      base: "stable/m",
      head: "dev/m",
      headSha: B,
      mergeSha: null,
    });
    usage(() => bitbucketRun({}), "BITBUCKET_COMMIT is not set");
  });
});

describe("tagGlob", () => {
  it("widens a tagPattern to a GitHub fnmatch pattern that still covers every tag it accepts", () => {
    expect(tagGlob("{prefix}-{n}")).toBe("*-[0-9]*");
    expect(tagGlob("{branch}-v{n}")).toBe("*-v[0-9]*");
    expect(tagGlob("release/{n}")).toBe("release/[0-9]*");
  });
});
