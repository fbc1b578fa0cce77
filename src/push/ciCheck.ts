import { loadConfig } from "../config/loadConfig.js";
import type { Config } from "../config/types.js";
import { execGit, runGit } from "../git/execGit.js";
import { cloneKind, fetchHistory, fetchRemote, historyGaps } from "../git/history.js";
import { resolveRev } from "../git/repo.js";
import { HistoryError } from "../io/errors.js";
import { ciMsg } from "../io/messages/ci.js";
import type { CheckResult } from "../policy/engine.js";
import { checkUpdates } from "./checkUpdates.js";
import type { CiEvent, CiRun } from "./ciEvent.js";
import type { PushSide } from "./pushSide.js";
import { refViolation } from "./refHelpers.js";
import { isZero, type RefUpdate } from "./refUpdates.js";

/** What one CI run judged: each push it stands for, and notes for the log. */
export interface CiOutcome {
  results: CheckResult[];
  notes: string[];
}

// A merge commit made only to be judged: who "made" it does not matter, but git needs a name.
const MERGER = {
  GIT_AUTHOR_NAME: "mlbranch",
  GIT_AUTHOR_EMAIL: "mlbranch@localhost",
  GIT_COMMITTER_NAME: "mlbranch",
  GIT_COMMITTER_EMAIL: "mlbranch@localhost",
};

// A commit's parents; none when this clone does not have it.
const parentsOf = (cwd: string, sha: string) =>
  runGit(["rev-list", "--no-walk", "--parents", sha], { cwd, okCodes: [128] })
    .stdout.toString("utf8")
    .trim()
    .split(" ")
    .slice(1);

/** Base tip, the merge result that lands on it, and where the head left it. */
function landing(
  cwd: string,
  ev: Extract<CiEvent, { kind: "request" }>,
  remote: string | null,
): { base: string; merge: string | null; from: string } {
  // The host's test merge (GitHub's refs/pull/N/merge): base tip first, the head second.
  if (ev.mergeSha) {
    const ps = parentsOf(cwd, ev.mergeSha);
    if (ps.length === 2 && ps[1] === ev.headSha)
      return {
        base: ps[0],
        merge: ev.mergeSha,
        from: ev.diffBase ?? mergeBase(cwd, ps[0], ev.headSha),
      };
  }
  const base =
    (ev.baseSha && resolveRev(cwd, ev.baseSha)) ||
    (remote && resolveRev(cwd, `refs/remotes/${remote}/${ev.base}`));
  if (!base)
    throw new HistoryError(
      ciMsg.historyMissing(`the request into ${ev.base}`, [ciMsg.gapRevision(ev.base)]),
    );
  const from = ev.diffBase ?? mergeBase(cwd, base, ev.headSha);
  // As the merge button would make it: a merge commit of the head into the base.
  const tree = runGit(["merge-tree", "--write-tree", "--no-messages", base, ev.headSha], {
    cwd,
    okCodes: [1],
  });
  if (tree.code !== 0) return { base, merge: null, from };
  const t = tree.stdout.toString("utf8").split("\n")[0].trim();
  const merge = execGit(
    ["commit-tree", t, "-p", base, "-p", ev.headSha, "-m", `Merge ${ev.head} into ${ev.base}`],
    { cwd, env: { ...process.env, ...MERGER } },
  );
  return { base, merge, from };
}

// The remote's default branch as the clone recorded it (refs/remotes/<remote>/HEAD), when the
// host does not say (Bitbucket).
function remoteHead(cwd: string, remote: string | null): string | null {
  if (!remote) return null;
  const r = runGit(["symbolic-ref", "-q", `refs/remotes/${remote}/HEAD`], {
    cwd,
    okCodes: [1, 128],
  });
  const ref = r.stdout.toString("utf8").trim();
  return ref.startsWith(`refs/remotes/${remote}/`)
    ? ref.slice(`refs/remotes/${remote}/`.length)
    : null;
}

function mergeBase(cwd: string, a: string, b: string): string {
  return execGit(["merge-base", a, b], { cwd });
}

/**
 * Judge a CI run as the server would judge the push it stands for. A push or a merge-queue run:
 * that push. A pull (merge) request: the push its merge makes to the base branch (the merge
 * commit under the base's type, rules from the default branch as it is before), and the head's
 * own commits under the head's type, each judged alone. History is fetched first; what cannot
 * be fetched stops the check (HistoryError) rather than pass unseen.
 */
export async function checkCiRun(
  cwd: string,
  run: CiRun,
  env?: NodeJS.ProcessEnv,
): Promise<CiOutcome> {
  const notes: string[] = [];
  const ev = run.event;
  let kind = cloneKind(cwd);
  const remote = fetchRemote(kind);
  const needed = [
    ...(ev.kind === "push" ? [ev.after] : [ev.headSha]),
    ...(ev.kind === "queue" ? [ev.baseSha] : []),
  ];
  // A whole clone of every branch that has the event's commits has what the check needs
  // (fetch-depth: 0); a shallow, partial or single-branch one, or one lacking them, fetches first.
  const whole =
    !kind.shallow.size &&
    !kind.promisor &&
    (!remote || kind.allHeads.has(remote)) &&
    needed.every((r) => resolveRev(cwd, r));
  if (remote && !whole) {
    const err = fetchHistory(cwd, remote, [`+refs/heads/*:refs/remotes/${remote}/*`], kind);
    if (err) notes.push(ciMsg.fetchFailed(remote, err));
    if (ev.kind === "request" && !resolveRev(cwd, ev.headSha))
      fetchHistory(cwd, remote, ev.refspecs, cloneKind(cwd));
    if (ev.kind === "push" && !isZero(ev.before) && !resolveRev(cwd, ev.before))
      fetchHistory(cwd, remote, [ev.before], cloneKind(cwd));
    kind = cloneKind(cwd);
  }
  const defaultBranch =
    run.defaultBranch ?? remoteHead(cwd, remote) ?? loadConfig(cwd).defaultBranch;
  const receiver = (b: string) => (remote ? `refs/remotes/${remote}/${b}` : `refs/heads/${b}`);
  const pushes: RefUpdate[][] = [];
  let configRev: string | null = null;
  let conflict: CheckResult | null = null;
  if (ev.kind === "push") {
    pushes.push([{ ref: ev.ref, oldSha: ev.before, newSha: ev.after }]);
    if (
      ev.ref === `refs/heads/${defaultBranch}` &&
      !isZero(ev.before) &&
      resolveRev(cwd, ev.before)
    )
      configRev = ev.before;
  } else if (ev.kind === "queue") {
    pushes.push([{ ref: `refs/heads/${ev.base}`, oldSha: ev.baseSha, newSha: ev.headSha }]);
    if (ev.base === defaultBranch) configRev = ev.baseSha;
  } else {
    if (!whole && !resolveRev(cwd, ev.headSha))
      throw new HistoryError(
        ciMsg.historyMissing(`the request ${ev.head}`, [ciMsg.gapRevision(ev.headSha)]),
      );
    const l = landing(cwd, ev, remote);
    if (l.merge) pushes.push([{ ref: `refs/heads/${ev.base}`, oldSha: l.base, newSha: l.merge }]);
    else {
      const m = ciMsg.mergeConflict(ev.base, ev.head);
      conflict = {
        branch: ev.base,
        type: null,
        commits: 0,
        violations: [refViolation("merge-conflict", ev.base, null, m)],
        warnings: [],
      };
    }
    pushes.push([{ ref: `refs/heads/${ev.head}`, oldSha: l.from, newSha: ev.headSha }]);
    if (ev.base === defaultBranch) configRev = l.base;
  }
  configRev ??= resolveRev(cwd, receiver(defaultBranch)) ? receiver(defaultBranch) : null;
  // A repository's first push has no default branch yet: the pushed rules are all there is.
  const rev = configRev ?? pushes[0][0].newSha;
  const config: Config = { ...loadConfig(cwd, { rev }), attributesRev: rev };
  // Never judge a cut history: every push's commits and the default branch they are weighed against.
  for (const [u] of kind.shallow.size || kind.promisor ? pushes : []) {
    if (isZero(u.newSha)) continue;
    const bases = [...(isZero(u.oldSha) || !resolveRev(cwd, u.oldSha) ? [] : [u.oldSha])];
    if (resolveRev(cwd, receiver(config.defaultBranch))) bases.push(receiver(config.defaultBranch));
    const gaps = historyGaps(cwd, [u.newSha], bases, kind);
    if (gaps.length)
      throw new HistoryError(ciMsg.historyMissing(u.ref.replace(/^refs\/heads\//, ""), gaps));
  }
  const side: PushSide = {
    known: remote ? [`--remotes=${remote}`] : ["--branches"],
    branchRefs: [remote ? `refs/remotes/${remote}` : "refs/heads"],
    branchName: (ref) => ref.replace(remote ? `refs/remotes/${remote}/` : "refs/heads/", ""),
    receiverRef: receiver,
  };
  const results: CheckResult[] = conflict ? [conflict] : [];
  for (const updates of pushes)
    results.push(...(await checkUpdates({ cwd, config, updates, side, env })));
  return { results, notes };
}
