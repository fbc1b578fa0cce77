import type { BranchType, Config } from "../config/types.js";

/** The status check `mlbranch ci-template` reports on pull requests and merge queues (its job name). */
export const CHECK_NAME = "mlbranch";

/** GitHub Actions' app id: a required check pinned to it cannot be faked by another app's status. */
const GITHUB_ACTIONS_APP = 15368;

/** Types whose branches get a ruleset: what lands there cannot be taken back (history, records, code origin). */
export function guardedTypes(config: Config): [string, BranchType][] {
  return Object.entries(config.types).filter(
    ([, t]) => t.protected || !!t.appendOnly?.length || !!t.codeOnlyByMerge?.length,
  );
}

/** A tagPattern as a GitHub fnmatch pattern (`{prefix}-{n}` -> `*-[0-9]*`): a superset, never narrower. */
export function tagGlob(pattern: string): string {
  return pattern
    .replace(/\{n\}/g, "[0-9]*")
    .replace(/\{prefix\}|\{branch\}/g, "*")
    .replace(/\*+/g, "*");
}

// A prefix may hold slashes (team/model-12), which GitHub's `*` does not cross: `**/` adds those.
const tagRefs = (globs: string[]) =>
  globs.flatMap((g) =>
    g.startsWith("*") ? [`refs/tags/${g}`, `refs/tags/**/${g}`] : [`refs/tags/${g}`],
  );

// mlbranch's globs (`raw`, `raw/**`) as ruleset ref patterns; `**` crosses slashes in both.
const refPatterns = (match: string[]) => match.map((g) => `refs/heads/${g}`);

/**
 * GitHub repository rulesets (POST /repos/{owner}/{repo}/rulesets bodies): for each guarded
 * type, no deletion and no force push, changes only through a pull request merged with a merge
 * commit (what the check judged is what lands), and the check required, up to date with the base;
 * for each tagPattern, release tags that can be created but never moved or deleted.
 */
export function githubRulesets(config: Config, check = CHECK_NAME): object[] {
  const sets: object[] = guardedTypes(config).map(([name, t]) => ({
    name: `mlbranch ${name}`,
    target: "branch",
    enforcement: "active",
    bypass_actors: [],
    conditions: { ref_name: { include: refPatterns(t.match), exclude: [] } },
    rules: [
      { type: "deletion" },
      { type: "non_fast_forward" },
      {
        type: "pull_request",
        parameters: {
          required_approving_review_count: 0,
          dismiss_stale_reviews_on_push: false,
          require_code_owner_review: false,
          require_last_push_approval: false,
          required_review_thread_resolution: false,
          // Squash and rebase land commits the check never judged (docs/hosting.md).
          allowed_merge_methods: ["merge"],
        },
      },
      {
        type: "required_status_checks",
        parameters: {
          // The base must be current: the judged test merge is then the merge that lands.
          strict_required_status_checks_policy: true,
          do_not_enforce_on_create: false,
          required_status_checks: [{ context: check, integration_id: GITHUB_ACTIONS_APP }],
        },
      },
    ],
  }));
  const tags = [
    ...new Set(
      Object.values(config.types).flatMap((t) => (t.tagPattern ? [tagGlob(t.tagPattern)] : [])),
    ),
  ];
  if (tags.length)
    sets.push({
      name: "mlbranch release tags",
      target: "tag",
      enforcement: "active",
      bypass_actors: [],
      conditions: { ref_name: { include: tagRefs(tags), exclude: [] } },
      rules: [{ type: "deletion" }, { type: "non_fast_forward" }, { type: "update" }],
    });
  return sets;
}

/** A bash script that applies the rulesets with the GitHub CLI (run in a clone of the repository). */
export function githubScript(sets: object[]): string {
  const lines = [
    "#!/usr/bin/env bash",
    "# mlbranch: make the mlbranch check blocking on GitHub (needs admin on the repository).",
    "# gh fills {owner}/{repo} from the clone you run this in. Re-running adds the rulesets again:",
    "# list them with `gh api repos/{owner}/{repo}/rulesets` and delete or update old ones first.",
    "set -euo pipefail",
  ];
  for (const s of sets)
    lines.push(
      `gh api --method POST -H "Accept: application/vnd.github+json" "repos/{owner}/{repo}/rulesets" --input - <<'JSON'`,
      JSON.stringify(s, null, 2),
      "JSON",
    );
  return `${lines.join("\n")}\n`;
}

/** The same guarantees on GitLab, in words: the settings GitLab has for them. */
export function gitlabSteps(config: Config, check = CHECK_NAME): string {
  // GitLab's wildcard `*` already crosses slashes.
  const branches = [
    ...new Set(
      guardedTypes(config).flatMap(([, t]) => t.match.map((g) => g.replace(/\*\*/g, "*"))),
    ),
  ];
  const tags = [
    ...new Set(
      Object.values(config.types).flatMap((t) => (t.tagPattern ? [tagGlob(t.tagPattern)] : [])),
    ),
  ];
  const out = [
    "# Making the mlbranch check blocking on GitLab (Maintainer or Owner role)",
    "",
    `1. Settings > Repository > Protected branches: protect ${branches.map((b) => `\`${b}\``).join(", ")}`,
    '   with "Allowed to merge: Maintainers" (or Developers), "Allowed to push and merge: No one" and',
    '   "Allowed to force push" off: changes land only through merge requests, and a protected branch',
    "   cannot be deleted or force-pushed.",
    tags.length
      ? `2. Settings > Repository > Protected tags: protect ${tags.map((t) => `\`${t}\``).join(", ")} with "Allowed to create: Maintainers". A protected tag cannot be moved, and only Maintainers can delete it (UI or API).`
      : "2. Protected tags: no type in mlbranch.json has a tagPattern.",
    '3. Settings > Merge requests: Merge method "Merge commit"; Squash commits "Do not allow";',
    '   Merge checks: "Pipelines must succeed" (and "Skipped pipelines are considered successful" off).',
    `4. The \`${check}\` job of \`mlbranch ci-template --gitlab\` runs in merge request pipelines;`,
    '   turn on "Enable merged results pipelines" (Settings > CI/CD > Merge request pipelines) so the',
    "   pipeline judges GitLab's own merge of source and target.",
    "",
    "Premium tiers can require the job with a security policy or approval rule; on every tier,",
    '"Pipelines must succeed" with merge request pipelines blocks the merge of a refused request.',
  ];
  return `${out.join("\n")}\n`;
}
