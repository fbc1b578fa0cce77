import { UsageError } from "../io/errors.js";
import { ciMsg } from "../io/messages/ci.js";
import type { CiEvent, CiRun } from "./ciEvent.js";

const ZERO = "0".repeat(40);

/**
 * A GitLab CI job as a CiEvent, from its predefined variables. A merge request pipeline
 * (CI_MERGE_REQUEST_IID) would land the source branch on the target branch; in a merged results
 * pipeline CI_COMMIT_SHA is GitLab's merge of the two. A branch pipeline is a push from
 * CI_COMMIT_BEFORE_SHA (all zeros for a new branch) to CI_COMMIT_SHA; a tag pipeline a new tag.
 */
export function gitlabRun(env: NodeJS.ProcessEnv): CiRun {
  const need = (name: string) => {
    const v = env[name];
    if (!v)
      throw new UsageError(
        name === "CI_COMMIT_SHA" ? ciMsg.noEventPath("gitlab") : ciMsg.gitlabVar(name),
      );
    return v;
  };
  const commit = need("CI_COMMIT_SHA");
  const defaultBranch = env.CI_DEFAULT_BRANCH || null;
  let event: CiEvent;
  if (env.CI_MERGE_REQUEST_IID) {
    const iid = env.CI_MERGE_REQUEST_IID;
    const sourceSha = env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || null;
    event = {
      kind: "request",
      base: need("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
      // Set only in merged results pipelines; otherwise the target's tip as fetched.
      baseSha: env.CI_MERGE_REQUEST_TARGET_BRANCH_SHA || null,
      head: need("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
      headSha: sourceSha ?? commit,
      mergeSha: sourceSha && sourceSha !== commit ? commit : null,
      diffBase: env.CI_MERGE_REQUEST_DIFF_BASE_SHA || null,
      refspecs: [`+refs/merge-requests/${iid}/head:refs/remotes/merge-requests/${iid}/head`],
    };
  } else if (env.CI_COMMIT_TAG) {
    event = { kind: "push", ref: `refs/tags/${env.CI_COMMIT_TAG}`, before: ZERO, after: commit };
  } else {
    event = {
      kind: "push",
      ref: `refs/heads/${need("CI_COMMIT_BRANCH")}`,
      before: env.CI_COMMIT_BEFORE_SHA || ZERO,
      after: commit,
    };
  }
  return { host: "gitlab", event, defaultBranch };
}
