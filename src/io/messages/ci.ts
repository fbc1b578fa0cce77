import { P } from "./common.js";

// The fix named in every "cannot see the history" message: the CI settings that fetch it all.
const FULL_HISTORY =
  'fetch the whole history: actions/checkout with `fetch-depth: 0` (GitHub), `GIT_DEPTH: "0"` (GitLab), or `git fetch --unshallow` by hand; for a partial clone, clone without --filter';

/** Messages of `mlbranch check --ci` and of the history a range check needs. */
export const ciMsg = {
  historyMissing: (what: string, gaps: string[]) =>
    `${P} cannot judge ${what}: this clone does not have the history it needs, and fetching it failed.\n` +
    gaps.map((g) => `  - ${g}`).join("\n") +
    `\n  A check that cannot see every commit would pass what it never saw, so it stops here.\n  Fix: ${FULL_HISTORY}.`,
  gapShallow: (commits: string[]) =>
    `the history stops at ${commits
      .slice(0, 3)
      .map((c) => c.slice(0, 10))
      .join(
        ", ",
      )}${commits.length > 3 ? ` and ${commits.length - 3} more` : ""} (a shallow clone): the commits before are not here`,
  gapRevision: (rev: string) => `${rev} is not in this clone`,
  gapObjects: (n: number, first: string) =>
    `${n} object${n === 1 ? "" : "s"} of these commits (${first.slice(0, 10)}…) are not here (a partial clone whose remote cannot be reached)`,
  noEventPath: (host: string) =>
    `${P} check --ci ${host}: ${host === "github" ? "GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are" : "CI_COMMIT_SHA is"} not set, so there is no event to judge. Run it as a step of the workflow that \`mlbranch ci-template${host === "gitlab" ? " --gitlab" : ""}\` prints, or use check --range A..B --branch <name> by hand.`,
  badEventFile: (file: string, why: string) =>
    `${P} cannot read the GitHub event payload ${file}: ${why}. It is the JSON file GitHub Actions writes for each run (GITHUB_EVENT_PATH); run check --ci github inside the workflow, or pass a payload file of the event.`,
  eventField: (file: string, field: string, event: string) =>
    `${P} the ${event} event payload ${file} has no ${field}; it is not a GitHub ${event} payload. Run check --ci github inside the workflow, which writes it.`,
  unknownEvent: (event: string) =>
    `${P} check --ci github judges push, pull_request, pull_request_target and merge_group events, not "${event}". Add only those to the workflow's "on:", as \`mlbranch ci-template\` does.`,
  gitlabVar: (name: string) =>
    `${P} check --ci gitlab: ${name} is not set; run it in a GitLab CI job (a branch, tag or merge request pipeline), as \`mlbranch ci-template --gitlab\` writes it.`,
  bitbucketVar: (name: string) =>
    `${P} check --ci bitbucket: ${name} is not set; run it in a Bitbucket Pipelines step (a pull-request or branch pipeline), as docs/hosting.md shows.`,
  badHost: (host: string) => `${P} --ci is github, gitlab or bitbucket (got "${host}").`,
  mergeConflict: (base: string, head: string) => ({
    text: `${head} does not merge cleanly into ${base}: the result that would land cannot be judged.`,
    fix: `merge ${base} into ${head} (or rebase it), resolve the conflicts, and push ${head} again`,
  }),
  fetchFailed: (remote: string, why: string) =>
    `${P} note: could not fetch from ${remote} (${why.trim().split("\n").pop()}); judging with the history this clone has.`,
  refused: (n: number, host: string) =>
    `${P} ${n} rule violation${n === 1 ? "" : "s"}: the ${host} check fails, as the server (pre-receive) would refuse this push; see docs/hosting.md to make this check required.`,
};
