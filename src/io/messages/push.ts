import { P } from "./common.js";

/** Messages of pre-push and pre-receive about refs (commit rules use ruleMsg). */
export const pushMsg = {
  deleteProtected: (branch: string, type: string) => ({
    text: `deleting ${branch} (type ${type}) is refused: ${type} branches are protected and never deleted.`,
    fix: "keep the branch; if it must go, an admin changes protected in mlbranch.json on the default branch first",
  }),
  nonFastForward: (branch: string, type: string) => ({
    text: `this push rewrites the history of ${branch} (type ${type}), a protected branch: it is not a fast-forward.`,
    fix: `fetch and build on top instead of rewriting: git pull --rebase, or git merge origin/${branch}; never force-push ${branch}`,
  }),
  unknownRemoteSha: (branch: string, type: string, sha: string) => ({
    text: `the remote's ${branch} (type ${type}, protected) is at ${sha.slice(0, 10)}, which this clone does not have, so this push may rewrite its history.`,
    fix: `fetch first (git fetch), then build on top of it (git merge or git pull --rebase) and push again`,
  }),
  badTag: (tag: string, branch: string, type: string, pattern: string) => ({
    text: `tag ${tag} marks a commit of ${branch} (type ${type}), whose tags must look like ${pattern}.`,
    fix: `delete it (git tag -d ${tag}) and tag again with a matching name, e.g. ${pattern.replace("{prefix}", "model").replace("{branch}", branch.replace(/^.*\//, "")).replace("{n}", "1")}`,
  }),
  otherRef: (ref: string) => ({
    text: `${ref} is outside refs/heads and refs/tags, and mlbranch.json does not list it in otherRefs: nobody would judge what it brings.`,
    fix: ref.startsWith("refs/replace/")
      ? "replace objects are refused: they make git read one commit in place of another. Push the real history instead"
      : `push branches and tags only, or have an admin add a glob for it to otherRefs in mlbranch.json on the default branch (e.g. "${ref.split("/").slice(0, 2).join("/")}/*")`,
  }),
  tagNotCommit: (tag: string, kind: string) => ({
    text: `tag ${tag} names a ${kind}, not a commit: what a tag names must be judged as a branch's history.`,
    fix: `tag a commit instead (git tag -d ${tag}; git tag ${tag} <commit>)`,
  }),
  tagOrphan: (tag: string) => ({
    text: `tag ${tag} names a commit that no branch holds (here or in this push), and its name fits no branch type's tagPattern, so nothing would judge that commit.`,
    fix: `push the branch that holds the commit with the tag (git push origin <branch> ${tag}), or name the tag after a type's tagPattern`,
  }),
  releaseMoved: (tag: string, type: string, old: string) => ({
    text: `tag ${tag} is a release (it fits the tagPattern of type ${type}) and already marks ${old.slice(0, 10)} where this push goes: a release tag is never moved, since whoever pulled ${tag} must keep getting the same commit.`,
    fix: `tag the new commit with the next number instead (e.g. mlbranch tag), and put your local ${tag} back (git fetch origin tag ${tag} --force)`,
  }),
  releaseDeleted: (tag: string, type: string) => ({
    text: `deleting tag ${tag} is refused: it is a release (it fits the tagPattern of type ${type}), and whoever pulled it must keep finding it.`,
    fix: `keep the tag; mark a bad release in its model card or tracking record, or have an admin set "immutableTags": false in mlbranch.json on the default branch`,
  }),
  outOfTime: (seconds: number, ghes: boolean) =>
    `${P} push refused: the server's check of this push did not finish within its time budget (${seconds} s${ghes ? "; GitHub Enterprise Server stops pre-receive hooks at 5 s" : ""}), and a push that is not judged is not let through.\n  fix: push in smaller steps (e.g. git push origin <older-commit>:refs/heads/<branch>, then the rest), or have an admin raise the budget (mlbranch init --server <repo> --time-budget <seconds>)`,
  badTimeBudget: (v: string) =>
    `${P} MLBRANCH_TIME_BUDGET is "${v}", not a number of seconds; the server hook's install sets it (mlbranch init --server <repo> --time-budget <seconds>, 0 for none).`,
  refused: (n: number, where: string) =>
    `${P} push refused by ${where}: ${n} rule violation${n === 1 ? "" : "s"} (the same rules run in CI and on the server).`,
};
