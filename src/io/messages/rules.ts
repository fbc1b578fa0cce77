import { P, size, where } from "./common.js";

/**
 * A fix written for the index (unstage, restore --staged) said for a commit that is already
 * made (pre-push, pre-receive, check --range): the index cannot undo it; amending, rebasing or
 * reverting the commit can.
 */
export function fixForCommit(fix: string, sha: string, path: string | null): string {
  const s = sha.slice(0, 10);
  const file = path ? `'${path}'` : "<file>";
  let f = fix
    .replace(/,? or unstage it: git restore --staged -- '[^']*'/g, "")
    .replace(
      /git restore --source=HEAD --staged --worktree -- (?:'[^']*'|<file>|\S+)/g,
      `git restore --source=${s}^ -- ${file}`,
    )
    .replace(/git restore --staged -- (?:'[^']*'|\S+)/g, `git rm --cached -- ${file}`);
  if (/--amend|rebase|revert/.test(f)) return f;
  f += `; the change is already in commit ${s}, so rewrite that commit (the last one: fix, git add, git commit --amend; an older one: git rebase -i ${s}^) or undo it in a new commit (git revert ${s}), then push again`;
  return f;
}

// An append-only file edited: put it back and append; corrections go to the types whose commits
// name their source with Derived-From (from the config, never a type name written here).
const keepAsCommitted = (path: string, branch: string, derivedTypes: string[]) =>
  `keep the file as committed (git restore --source=HEAD --staged --worktree -- '${path}') and add new records at the end or in a new file` +
  (derivedTypes.length
    ? `; corrections belong on a ${derivedTypes.join(" or ")} branch, derived from this one (mlbranch pull-data ${branch})`
    : "");

/** Rule messages: `text` says what is wrong, `fix` how to do it right. */
export const ruleMsg = {
  denied: (path: string, branch: string, type: string) => ({
    text: `${path} may not be committed on ${where(branch, type)}: the path matches the type's deny list.`,
    fix: `commit it on a branch whose type holds such files (see \`mlbranch explain\`), or unstage it: git restore --staged -- '${path}'`,
  }),
  notAllowed: (path: string, branch: string, type: string, allow: string[]) => ({
    text: `${path} is outside what ${where(branch, type)} may hold (allow: ${allow.join(", ")}).`,
    fix: `commit it on a branch whose type holds such files, or unstage it: git restore --staged -- '${path}'`,
  }),
  appendOnlyModified: (
    path: string,
    branch: string,
    type: string,
    lineFile: boolean,
    derivedTypes: string[] = [],
  ) => ({
    text: lineFile
      ? `${path} is append-only on ${where(branch, type)}: existing lines were changed (new lines may only be added at the end).`
      : `${path} is append-only on ${where(branch, type)}: a committed file is never edited.`,
    fix: keepAsCommitted(path, branch, derivedTypes),
  }),
  appendOnlyEdited: (
    path: string,
    branch: string,
    type: string,
    e: { kind: string; line: number; old?: string; now?: string },
    derivedTypes: string[] = [],
  ) => {
    const what =
      e.kind === "deleted"
        ? `line ${e.line} was deleted: ${JSON.stringify(e.old)}`
        : e.kind === "truncated"
          ? `lines from ${e.line} on were deleted, starting with ${JSON.stringify(e.old)}`
          : e.kind === "inserted"
            ? `a line was inserted before line ${e.line}: ${JSON.stringify(e.now)}`
            : `line ${e.line} was changed from ${JSON.stringify(e.old)} to ${JSON.stringify(e.now)}`;
    return {
      text: `${path} is append-only on ${where(branch, type)}: existing lines were changed: ${what} (new lines may only be added at the end).`,
      fix: keepAsCommitted(path, branch, derivedTypes),
    };
  },
  appendOnlyLastRecord: (path: string, branch: string, type: string) => ({
    text: `${path} is append-only on ${where(branch, type)}: its last line had no final newline, and this change extends that line, which edits the record.`,
    fix: "keep the last line as it was and start new records on a new line (add the missing newline first, then the new lines)",
  }),
  appendOnlyDeleted: (path: string, branch: string, type: string) => ({
    text: `${path} is append-only on ${where(branch, type)}: a committed file is never deleted.`,
    fix: `restore it (git restore --source=HEAD --staged --worktree -- '${path}'); to drop records, do it on a branch derived from this one (mlbranch pull-data ${branch})`,
  }),
  appendOnlyRenamed: (path: string, to: string, branch: string, type: string) => ({
    text: `${path} is append-only on ${where(branch, type)}: a committed file is never renamed (here to ${to}).`,
    fix: `keep the original name (git mv '${to}' '${path}'); add a README or a new file that describes it instead`,
  }),
  appendOnlyMode: (path: string, from: string, to: string, branch: string, type: string) => ({
    text: `${path} is append-only on ${where(branch, type)}: its mode may not change (${from} -> ${to}).`,
    fix: `restore the mode: git update-index --chmod=${from === "100755" ? "+x" : "-x"} -- '${path}'`,
  }),
  appendOnlyLfs: (path: string, branch: string, type: string) => ({
    text: `${path} is append-only on ${where(branch, type)} and stored with Git LFS; its new content could not be compared with the old one (LFS object missing locally).`,
    fix: "run git lfs fetch so both versions are present, then commit again; edits of committed data are refused",
  }),
  codeByPlainCommit: (path: string, branch: string, type: string) => ({
    text: `${path} is code, and no code is written on ${where(branch, type)}: code arrives only through a merge from a dev branch.`,
    fix: `write the change on a dev/* branch, then merge it here (git checkout dev/<name>, commit, git checkout ${branch}, git merge dev/<name>); undo it here with git restore --source=HEAD --staged --worktree -- '${path}'`,
  }),
  codeHandEdit: (path: string, branch: string, type: string) => ({
    text: `${path} is code on ${where(branch, type)}: in this merge it differs from every parent's version (a hand edit while resolving).`,
    fix: `take one parent's version (git checkout --theirs -- '${path}' or --ours), commit the merge, and make further edits on a dev/* branch`,
  }),
  codeNotFromDev: (path: string, branch: string, type: string, from: string[]) => ({
    text: `${path} is code on ${where(branch, type)}: this merge takes it from a parent that no ${from.join(" or ")} branch holds (code arrives only through a merge from a ${from.join(" or ")} branch).`,
    fix: `put the change on a ${from[0]} branch and push that branch (git checkout -b ${from[0]}/<name> <that parent>; git push origin ${from[0]}/<name>), then merge it here`,
  }),
  trailerMissing: (
    key: string,
    paths: string[],
    branch: string,
    type: string,
    example?: string,
    sha?: string,
    prepared?: string | null,
  ) => ({
    text:
      `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} changes ${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ` and ${paths.length - 3} more` : ""} on ${where(branch, type)} ` +
      `without a "${key}:" trailer saying where the data came from.`,
    fix: prepared
      ? `mlbranch pull-data prepared it: git commit --trailer "${key}: ${prepared}" (or a plain git commit / git commit --no-edit, which takes the message it wrote to .git/MERGE_MSG)`
      : `add a trailer at the end of the message, after a blank line: "${key}: ${example ?? "<value>"}" (git commit --trailer "${key}: ${example ?? "<value>"}"${sha ? ", or git commit --amend / rebase to reword" : ""})`,
  }),
  trailerMalformed: (
    key: string,
    value: string,
    pattern: string,
    branch: string,
    type: string,
    example?: string,
    sha?: string,
  ) => ({
    text: `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} has "${key}: ${value}", which does not match ${pattern} required on ${where(branch, type)}.`,
    fix: `write it like "${key}: ${example ?? "<value>"}"`,
  }),
  trailerPatternSlow: (
    key: string,
    pattern: string,
    branch: string,
    type: string,
    sha?: string,
  ) => ({
    text: `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} has a "${key}:" trailer that ${pattern}, required on ${where(branch, type)}, takes too long to match (the pattern backtracks catastrophically on it).`,
    fix: `an admin rewrites types.${type}.trailers pattern in mlbranch.json on the default branch without nested or overlapping repetitions; meanwhile shorten the "${key}:" value`,
  }),
  lfsObjectMissing: (
    path: string,
    oid: string,
    branch: string,
    type: string,
    remote: boolean | null,
    required: boolean,
  ) => ({
    text: `${path} is a Git LFS pointer to object ${oid.slice(0, 12)}, which is not in this clone${remote === null ? " (and no remote here can be asked without the network)" : " nor on the remote"}${required ? `: data on ${where(branch, type)} must be reproducible` : ""}.`,
    fix: `add the real file so git-lfs stores it (git lfs track '${path}'; git add '${path}'), or fetch the object (git lfs fetch --all) if it exists elsewhere; a hand-written pointer leaves nothing to check out`,
  }),
  lfsObjectNotOnServer: (
    path: string,
    oid: string,
    branch: string,
    type: string,
    stores: string[],
    required: boolean,
  ) => ({
    text: `${path} is a Git LFS pointer to object ${oid.slice(0, 12)}, which is not in the server's LFS store (${stores.join(", ")})${required ? `: data on ${where(branch, type)} must be reproducible` : ""}.`,
    fix: `upload the object first (git lfs push --object-id origin ${oid}, or a push with git-lfs's pre-push hook), or add the real file so git-lfs stores it (git lfs track '${path}'; git add '${path}'); a hand-written pointer leaves nothing to check out`,
  }),
  trailerUnknownCommit: (
    key: string,
    value: string,
    branch: string,
    type: string,
    sha?: string,
  ) => ({
    text: `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} on ${where(branch, type)} has "${key}: ${value}", but this repository has no such commit.`,
    fix: `name the source branch and a commit it has, e.g. "${key}: raw@$(git rev-parse --short raw)"`,
  }),
  tooBig: (
    path: string,
    bytes: number,
    max: number,
    branch: string,
    type: string,
    lfsAttr: boolean,
  ) => ({
    text: `${path} is ${size(bytes)}, above the ${size(max)} limit for files stored in git on ${where(branch, type)}.`,
    fix: lfsAttr
      ? "the file has filter=lfs but was stored as a plain blob: install Git LFS (git lfs install), then git add it again"
      : `store it with Git LFS: git lfs track '${path}' && git add .gitattributes '${path}'`,
  }),
  unknownBranch: (branch: string, types: string[]) => ({
    text: `branch "${branch}" matches no branch type (${types.join(", ")}).`,
    fix: "rename the branch to fit a type (e.g. dev/<name>), or add a match glob for it in mlbranch.json",
  }),
};

/** Summary lines of a check. */
export const checkMsg = {
  ok: (branch: string, type: string | null, commits: number) =>
    `${P} ok: ${commits === 0 ? "the commit being made" : `${commits} commit${commits === 1 ? "" : "s"}`} on ${where(branch, type)} follow the rules.`,
  refused: (n: number, branch: string, type: string | null, staged: boolean) =>
    `${P} ${n} rule violation${n === 1 ? "" : "s"} on ${where(branch, type)}; ${staged ? "commit refused" : "refused"}.` +
    (staged
      ? " (Hooks can be skipped with --no-verify, but pre-push, CI and the server check the same rules.)"
      : ""),
  nothingToCheck: (range: string) => `${P} no commits in ${range}; nothing to check.`,
  humanSize: size,
};
