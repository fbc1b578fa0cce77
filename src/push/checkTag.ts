import type { Config } from "../config/types.js";
import { execGit } from "../git/execGit.js";
import { resolveRev } from "../git/repo.js";
import { pushMsg } from "../io/messages/push.js";
import { resolveBranchType } from "../policy/branchType.js";
import { judgeCommits } from "../policy/check.js";
import type { CheckResult } from "../policy/engine.js";
import type { PushSide } from "./pushSide.js";
import { isAncestor, refViolation } from "./refHelpers.js";
import { isZero, type RefUpdate } from "./refUpdates.js";
import { checkReleaseMove } from "./releaseTags.js";
import { tagRegExp } from "./tagPattern.js";

// What a tag finally names, peeled through annotated tags: [sha, type], or null when absent.
function peel(cwd: string, sha: string): [string, string] | null {
  const out = execGit(["cat-file", "--batch-check=%(objectname) %(objecttype)"], {
    cwd,
    input: `${sha}^{}\n`,
  });
  const [oid, type] = out.trim().split(" ");
  return type && type !== "missing" ? [oid, type] : null;
}

// Branches (by name) that hold the commit: the receiver's, and those of this push.
function holders(cwd: string, commit: string, all: RefUpdate[], side: PushSide): Set<string> {
  const out = execGit(
    ["for-each-ref", "--format=%(refname)", "--contains", commit, ...side.branchRefs],
    { cwd },
  );
  const branches = new Set(out ? out.split("\n").map((ref) => side.branchName(ref)) : []);
  for (const b of all) {
    if (b.ref.startsWith("refs/heads/") && !isZero(b.newSha) && isAncestor(cwd, commit, b.newSha))
      branches.add(b.ref.slice("refs/heads/".length));
  }
  return branches;
}

/**
 * Judge a pushed tag. On a commit that branches hold (here or in the same push): the tag must
 * fit the tagPattern of each holder's type that has one; a commit the default branch has is not
 * a training commit. On a commit no branch holds: its history is judged as a branch of the type
 * whose tagPattern the tag fits, and refused when it fits none (nothing else would judge it).
 * A tag must name a commit; a release tag the receiver has stays where it is. Null when fine.
 */
export async function checkTag(opts: {
  cwd: string;
  config: Config;
  u: RefUpdate;
  all: RefUpdate[];
  side: PushSide;
  pushed: ReadonlyMap<string, string>;
  /** rev-list exclusions for history from before adoption (`^<adoptedAt>`). */
  skip?: string[];
  env?: NodeJS.ProcessEnv;
}): Promise<CheckResult | null> {
  const { cwd, config, u, side } = opts;
  const tag = u.ref.slice("refs/tags/".length);
  const moved = checkReleaseMove(config, u);
  if (moved) return moved;
  if (isZero(u.newSha)) return null;
  const refused = (branch: string, type: string | null, m: { text: string; fix: string }) => ({
    branch,
    type,
    commits: 0,
    violations: [refViolation("tag-pattern", branch, type, m)],
    warnings: [],
  });
  const target = peel(cwd, u.newSha);
  if (!target) return null;
  const [commit, kind] = target;
  if (kind !== "commit") return refused(`tags/${tag}`, null, pushMsg.tagNotCommit(tag, kind));
  const branches = holders(cwd, commit, opts.all, side);
  if (branches.size) {
    // A commit the default branch has is not a training commit, whatever else contains it.
    if (branches.has(config.defaultBranch)) return null;
    for (const branch of branches) {
      const resolved = resolveBranchType(config, branch);
      const pattern = resolved?.type.tagPattern;
      if (!pattern || tagRegExp(pattern, branch).test(tag)) continue;
      return refused(branch, resolved.name, pushMsg.badTag(tag, branch, resolved.name, pattern));
    }
    return null;
  }
  const fits = Object.entries(config.types).find(
    ([, t]) => t.tagPattern && tagRegExp(t.tagPattern).test(tag),
  );
  if (!fits) return refused(`tags/${tag}`, null, pushMsg.tagOrphan(tag));
  // As a new branch of that type: every first-parent commit beyond the default branch.
  const base = side.receiverRef(config.defaultBranch);
  const skip = opts.skip ?? [];
  const args = resolveRev(cwd, base) ? [`^${base}`, ...skip] : [...skip, "--not", ...side.known];
  const out = execGit(["rev-list", "--first-parent", "--reverse", commit, ...args], { cwd });
  return judgeCommits(cwd, config, `tags/${tag}`, out ? out.split("\n") : [], opts.env, undefined, {
    typeName: fits[0],
    pushed: opts.pushed,
  });
}
