import { UsageError } from "../io/errors.js";
import { ciMsg } from "../io/messages/ci.js";
import type { CiEvent, CiRun } from "./ciEvent.js";

/**
 * A Bitbucket Pipelines step as a CiEvent. A pull-request pipeline (BITBUCKET_PR_ID) would land
 * BITBUCKET_BRANCH at BITBUCKET_COMMIT on BITBUCKET_PR_DESTINATION_BRANCH (the check makes the
 * merge itself). A branch pipeline names no previous commit, so it is judged as a new branch
 * against the default branch; a tag pipeline as a new tag.
 */
export function bitbucketRun(env: NodeJS.ProcessEnv): CiRun {
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new UsageError(ciMsg.bitbucketVar(name));
    return v;
  };
  const commit = need("BITBUCKET_COMMIT");
  const zero = "0".repeat(40);
  let event: CiEvent;
  if (env.BITBUCKET_PR_ID) {
    event = {
      kind: "request",
      base: need("BITBUCKET_PR_DESTINATION_BRANCH"),
      baseSha: null,
      head: need("BITBUCKET_BRANCH"),
      headSha: commit,
      mergeSha: null,
      diffBase: null,
      refspecs: [],
    };
  } else if (env.BITBUCKET_TAG) {
    event = { kind: "push", ref: `refs/tags/${env.BITBUCKET_TAG}`, before: zero, after: commit };
  } else {
    event = {
      kind: "push",
      ref: `refs/heads/${need("BITBUCKET_BRANCH")}`,
      before: zero,
      after: commit,
    };
  }
  // Bitbucket names no default branch: the clone's origin/HEAD says it.
  return { host: "bitbucket", event, defaultBranch: null };
}
