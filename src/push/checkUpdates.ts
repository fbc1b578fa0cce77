import { branchMatches } from "../config/globs.js";
import type { Config } from "../config/types.js";
import { execGit } from "../git/execGit.js";
import { resolveRev } from "../git/repo.js";
import { pushMsg } from "../io/messages/push.js";
import { resolveBranchType } from "../policy/branchType.js";
import { judgeCommits } from "../policy/check.js";
import type { CheckResult } from "../policy/engine.js";
import type { Violation } from "../policy/types.js";
import { adoptionBaseline } from "./adoptionBaseline.js";
import { checkTag } from "./checkTag.js";
import type { PushSide } from "./pushSide.js";
import { has, isAncestor, refViolation } from "./refHelpers.js";
import { isZero, type RefUpdate } from "./refUpdates.js";

function revList(cwd: string, args: string[]): string[] {
  const out = execGit(["rev-list", "--first-parent", "--reverse", ...args], { cwd });
  return out ? out.split("\n") : [];
}

async function checkBranch(
  cwd: string,
  config: Config,
  u: RefUpdate,
  side: PushSide,
  pushed: ReadonlyMap<string, string>,
  skip: string[],
  env?: NodeJS.ProcessEnv,
): Promise<CheckResult> {
  const branch = u.ref.slice("refs/heads/".length);
  const resolved = resolveBranchType(config, branch);
  const type = resolved?.name ?? null;
  const prot = resolved?.type.protected === true;
  const refused: Violation[] = [];
  let shas: string[] = [];
  if (isZero(u.newSha)) {
    if (prot)
      refused.push(refViolation("protected", branch, type, pushMsg.deleteProtected(branch, type!)));
    return { branch, type, commits: 0, violations: refused, warnings: [] };
  }
  if (!isZero(u.oldSha) && has(cwd, u.oldSha)) {
    if (prot && !isAncestor(cwd, u.oldSha, u.newSha))
      refused.push(refViolation("protected", branch, type, pushMsg.nonFastForward(branch, type!)));
    shas = revList(cwd, [u.newSha, `^${u.oldSha}`, ...skip]);
  } else {
    if (!isZero(u.oldSha) && prot)
      refused.push(
        refViolation("protected", branch, type, pushMsg.unknownRemoteSha(branch, type!, u.oldSha)),
      );
    // A new branch's history is everything its first-parent line has beyond the default branch,
    // as CI judges it (origin/<default>..<sha>): commits already on the receiver under another
    // branch are judged again under this one's rules. Without that branch there: all it lacks.
    // The default branch as this same push leaves it: a first push of an existing repository
    // (`git push origin --all`) brings main and the branches made from it together.
    const pushedDefault = pushed.get(`refs/heads/${config.defaultBranch}`);
    const base = pushedDefault ?? side.receiverRef(config.defaultBranch);
    shas =
      branch !== config.defaultBranch && (pushedDefault || resolveRev(cwd, base))
        ? revList(cwd, [u.newSha, `^${base}`, ...skip])
        : revList(cwd, [u.newSha, ...skip, "--not", ...side.known]);
  }
  const result = await judgeCommits(cwd, config, branch, shas, env, undefined, {
    pushed,
    accepted: false,
  });
  result.violations.unshift(...refused);
  return result;
}

// A ref outside refs/heads and refs/tags: refused unless otherRefs lists it (refs/replace/* only
// by a glob of its own, never by a wider one such as refs/*); deleting one is always fine.
function checkOtherRef(config: Config, u: RefUpdate): CheckResult | null {
  if (isZero(u.newSha)) return null;
  const globs = u.ref.startsWith("refs/replace/")
    ? config.otherRefs.filter((g) => g.startsWith("refs/replace/"))
    : config.otherRefs;
  if (branchMatches(u.ref, globs)) return null;
  const v = refViolation("other-refs", u.ref, null, pushMsg.otherRef(u.ref));
  return { branch: u.ref, type: null, commits: 0, violations: [v], warnings: [] };
}

/**
 * Judge every ref a push updates, in one process, together: branches under the name they get
 * where the push lands, every new first-parent commit replayed; protected branches keep their
 * history; tags by the branches that hold their commit or the type whose tagPattern they fit;
 * other refs only when mlbranch.json lists them. Tags and branches of the same push count as
 * present when a commit is judged (a monitoring record may name a model tag pushed with it).
 */
export async function checkUpdates(opts: {
  cwd: string;
  config: Config;
  updates: RefUpdate[];
  side: PushSide;
  env?: NodeJS.ProcessEnv;
}): Promise<CheckResult[]> {
  const { cwd, config, updates, side } = opts;
  const results: CheckResult[] = [];
  const pushed = new Map(updates.filter((u) => !isZero(u.newSha)).map((u) => [u.ref, u.newSha]));
  // History from before mlbranch was adopted is not judged (mlbranch.json's adoptedAt).
  const baseline = adoptionBaseline(cwd, config, pushed, side);
  const skip = baseline ? [`^${baseline}`] : [];
  for (const u of updates) {
    if (u.ref.startsWith("refs/heads/"))
      results.push(await checkBranch(cwd, config, u, side, pushed, skip, opts.env));
    else if (u.ref.startsWith("refs/tags/")) {
      const t = await checkTag({ cwd, config, u, all: updates, side, pushed, skip, env: opts.env });
      if (t) results.push(t);
    } else {
      const o = checkOtherRef(config, u);
      if (o) results.push(o);
    }
  }
  return results;
}
