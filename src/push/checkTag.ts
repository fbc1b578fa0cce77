import type { Config } from "../config/types.js";
import { execGit, runGit } from "../git/execGit.js";
import { pushMsg } from "../io/messages/push.js";
import { resolveBranchType } from "../policy/branchType.js";
import type { CheckResult } from "../policy/engine.js";
import type { PushSide } from "./pushSide.js";
import { isAncestor, refViolation } from "./refHelpers.js";
import { isZero, type RefUpdate } from "./refUpdates.js";
import { tagRegExp } from "./tagPattern.js";

/**
 * A pushed tag on a commit of a branch type with a tagPattern must match it. The branches are
 * those that contain the commit (and branches in the same push); a commit the default branch
 * has is not a training commit. Null when the tag is fine.
 */
export function checkTag(
  cwd: string,
  config: Config,
  u: RefUpdate,
  all: RefUpdate[],
  side: PushSide,
): CheckResult | null {
  const tag = u.ref.slice("refs/tags/".length);
  if (isZero(u.newSha)) return null;
  const r = runGit(["rev-parse", "-q", "--verify", `${u.newSha}^{commit}`], {
    cwd,
    okCodes: [1, 128],
  });
  const commit = r.stdout.toString("utf8").trim();
  if (r.code !== 0 || !commit) return null;
  const out = execGit(
    ["for-each-ref", "--format=%(refname)", "--contains", commit, ...side.branchRefs],
    { cwd },
  );
  const branches = new Set(out ? out.split("\n").map((ref) => side.branchName(ref)) : []);
  for (const b of all) {
    if (b.ref.startsWith("refs/heads/") && !isZero(b.newSha) && isAncestor(cwd, commit, b.newSha))
      branches.add(b.ref.slice("refs/heads/".length));
  }
  // A commit the default branch has is not a training commit, whatever else contains it.
  if (branches.has(config.defaultBranch)) return null;
  for (const branch of branches) {
    const resolved = resolveBranchType(config, branch);
    const pattern = resolved?.type.tagPattern;
    if (!pattern || tagRegExp(pattern, branch).test(tag)) continue;
    const v = refViolation(
      "tag-pattern",
      branch,
      resolved.name,
      pushMsg.badTag(tag, branch, resolved.name, pattern),
    );
    return { branch, type: resolved.name, commits: 0, violations: [v], warnings: [] };
  }
  return null;
}
