import { P, size, where } from "./common.js";

/** What a fix for a commit already made depends on (see policy/commitFixes). */
export interface CommitFixSituation {
  /** The fix as written for the commit being made (index vs HEAD). */
  fix: string;
  sha: string;
  /** The newest commit of the branch judged: amendable without a rebase. */
  tip: boolean;
  /** A merge commit's second parent (redo the merge rather than amend it). */
  mergeOf: string | null;
  /** The commit changes nothing but what this fix undoes: dropping it is the fix. */
  onlyThis: boolean;
  /** Every index fix for this commit (one command undoes them all), in report order. */
  undos: string[];
  /** Every trailer the commit's violations ask for ("Key: value"), in report order. */
  trailers: string[];
  /** The fixes of this commit's violations that no command does (said once, in the plan). */
  manual: string[];
  /** Files whose fix is to commit again through mlbranch's pre-commit (it strips notebooks). */
  recommit: string[];
  /** A merge: some violation of it asks for more than a trailer. */
  beyondTrailers: boolean;
  /** A merge: making it again (with the drivers, without the hand edit) fixes all of those. */
  redo: boolean;
  /** This violation is not the first of its commit: the plan was printed with that one. */
  repeat: boolean;
  /** false: the receiver never accepted it (a push); null: not known (CI, check --range). */
  accepted: boolean | null;
  /** A `git revert` of it would itself pass the rules. */
  revertPasses: boolean;
}

// The index command a fix names (restore, unstage, rename back, chmod); said again after
// `git reset --soft HEAD~1` it undoes the same change in the commit, HEAD being its parent again.
const UNDO =
  /git restore [^;,)`]*?-- '[^']*'|git mv '[^']*' '[^']*'|git update-index --chmod=\S+ -- '[^']*'/;
/** The index command a fix names (see UNDO), or undefined. */
export const undoCommand = (fix: string): string | undefined => UNDO.exec(fix)?.[0];

// A trailer the fix asks for: "Key: value" after git commit --trailer, or in "write it like".
const TRAILER = /(?:--trailer|write it like) "([^"]+)"/;
/** The trailer ("Key: value") a fix asks for, or undefined. */
export const trailerOf = (fix: string): string | undefined => TRAILER.exec(fix)?.[1];

// A fix that is a push (a tag the receiver lacks) needs no rewrite of the commit.
const PUSH = /\(git push origin [^)]*\)/;
// A fix that fetches what the check could not read: nothing in the commit to rewrite.
const RETRY = /^(run )?git lfs fetch/;
/** True for a fix that is a push, or a fetch and a push again (nothing in the commit to rewrite). */
export const isPushFix = (fix: string): boolean => PUSH.test(fix) || RETRY.test(fix);
// A fix done by committing again through mlbranch's pre-commit (it strips notebooks' outputs).
const RECOMMIT = /^commit with the hooks installed/;
/** True for a fix done by committing again with the hooks on (see RECOMMIT). */
export const isRecommitFix = (fix: string): boolean => RECOMMIT.test(fix);
// What making a merge again fixes: a hand edit while resolving, records a merge without the
// drivers dropped. Anything else (code from a parent no dev branch holds) a redo repeats.
const REDO = /git checkout MERGE_HEAD --|redo the merge/;
/** True for a merge's fix that making the merge again does. */
export const isRedoFix = (fix: string): boolean => REDO.test(fix);
/** True for a fix that no command does: it is said as prose inside the commit's one plan. */
export const isManualFix = (fix: string): boolean =>
  !UNDO.test(fix) && !TRAILER.test(fix) && !RECOMMIT.test(fix) && !isPushFix(fix);

const amendTrailers = (ts: string[]) =>
  `git -c trailer.ifexists=replace commit --amend --no-edit ${ts.map((t) => `--trailer "${t}"`).join(" ")}`;

/**
 * What rewrites one commit, every violation of it at once: `run` is a command, `manual` prose for
 * what no command does, `after` the command that commits the result.
 */
function plan(f: CommitFixSituation): { run: string; manual: string; after: string } | null {
  const ts = f.trailers;
  const then = f.manual.join("; ");
  if (f.mergeOf) {
    const amend = ts.length ? ` && ${amendTrailers(ts)}` : "";
    if (!f.beyondTrailers)
      return ts.length ? { run: amendTrailers(ts), manual: "", after: "" } : null;
    if (!f.tip || !f.redo) return null;
    const merge = `git reset --hard HEAD~1 && git merge --no-ff --no-edit ${f.mergeOf.slice(0, 10)}`;
    return { run: `${merge}${amend}`, manual: "", after: "" };
  }
  if (!f.undos.length && !then && !f.recommit.length && ts.length)
    return { run: amendTrailers(ts), manual: "", after: "" };
  const undo = f.undos.length ? ` && ${f.undos.join(" && ")}` : "";
  if (f.onlyThis && !then) return { run: `git reset --soft HEAD~1${undo}`, manual: "", after: "" };
  const commit = `git commit -C ORIG_HEAD${ts.length ? ` && ${amendTrailers(ts)}` : ""}`;
  return then
    ? { run: `git reset --soft HEAD~1${undo}`, manual: then, after: commit }
    : { run: `git reset --soft HEAD~1${undo} && ${commit}`, manual: "", after: "" };
}

/**
 * A fix for a commit already made (pre-push, pre-receive, check --range), chosen by situation:
 * one the receiver never accepted is rewritten with the exact commands for that commit (amend
 * the newest through `git reset --soft HEAD~1`, an older one in one `git rebase -i`, a merge
 * made again), every problem of the commit in one plan printed with its first violation;
 * `git revert` only where the revert itself passes and the commit may already be shared. The
 * commands to run are in backticks after "run".
 */
export function fixForCommit(f: CommitFixSituation): string {
  if (PUSH.test(f.fix)) return f.fix;
  const s = f.sha.slice(0, 10);
  if (RETRY.test(f.fix))
    return `${f.fix.replace(/,? (then |and )?(commit|check) again/, "")}, then push again (nothing in commit ${s} needs rewriting for this)`;
  const prose = f.fix.replace(/,? or unstage it: git restore --staged -- '[^']*'/g, "");
  const why =
    f.accepted === false
      ? `commit ${s} is not on the server yet, so rewrite it (undoing it in a new commit would not help: the push carries both)`
      : `the change is in commit ${s}: rewrite it`;
  const revert =
    f.accepted !== false && f.revertPasses
      ? `; if others already have the commit, undo it in a new commit instead: \`git revert --no-edit ${s}\``
      : "";
  const p = plan(f);
  let how: string;
  if (f.repeat && p)
    how = `the command given above for commit ${s} ${UNDO.test(f.fix) ? "undoes" : "fixes"} this too (run it once), then push again`;
  else if (!p)
    how = `${f.tip ? "fix it and git commit --amend" : `git rebase -i ${s}~1 (mark it "edit"), fix it, git commit --amend, git rebase --continue`}, then push again`;
  else {
    const redo =
      f.mergeOf && p.run.startsWith("git reset --hard")
        ? " (the merge is made again without the edit; where it stops on a conflict, take a parent's version with git checkout MERGE_HEAD -- <path> or git checkout HEAD -- <path>, then git commit --no-edit)"
        : "";
    // A rebase continues only from a clean work tree: the stripped notebooks' outputs, left in
    // the files by the hook, are those of the commit being rewritten (its old version has them).
    const restore = f.recommit.length
      ? ` && git restore -- ${f.recommit.map((p) => `'${p}'`).join(" ")}`
      : "";
    const cont = f.tip ? "" : `${restore} && git rebase --continue`;
    const steps = p.manual
      ? `run \`${p.run}\`, then ${p.manual} (git add what you change), then run \`${p.after}${cont}\``
      : `run \`${p.run}${cont}\`${redo}`;
    how = f.tip
      ? `${steps}, then push again`
      : `run \`git rebase -i ${s}~1\`, change the first line's "pick" to "edit", and where the rebase stops ${steps}, then push again`;
  }
  return `${prose}. ${why}: ${how}${revert}`;
}

// An append-only file edited: put it back and append; corrections go to the types whose commits
// name their source with Derived-From (from the config, never a type name written here).
const keepAsCommitted = (path: string, branch: string, derivedTypes: string[]) =>
  `keep the file as committed (git restore --source=HEAD --staged --worktree -- '${path}') and add new records at the end or in a new file` +
  (derivedTypes.length
    ? `; corrections belong on a ${derivedTypes.join(" or ")} branch, derived from this one (mlbranch pull-data ${branch})`
    : "");

/** True for a value that is a placeholder to fill in ("<where this delivery came from>"). */
export const isPlaceholder = (value: string): boolean => /<[^<>]+>/.test(value);

/**
 * The value a trailer fix shows: the real one where it is known, else an unmistakable
 * placeholder (a configured example that looks real is shown inside one, never as a value).
 */
export function trailerValue(key: string, known: string | null, example?: string): string {
  if (known) return known;
  if (key.toLowerCase() === "derived-from") return "<source branch>@<its commit>";
  if (!example || isPlaceholder(example)) return example ?? "<value>";
  return `<value, like ${example}>`;
}

const placeholderNote = (value: string) =>
  isPlaceholder(value) ? ", with the <…> part replaced by the real value" : "";

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
    fix: `take one parent's version: the merged branch's (git checkout MERGE_HEAD -- '${path}') or this branch's (git checkout HEAD -- '${path}'), then commit the merge (git commit --no-edit); make further edits on a dev/* branch`,
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
    value: string,
    sha?: string,
    prepared?: string | null,
  ) => ({
    text:
      `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} changes ${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ` and ${paths.length - 3} more` : ""} on ${where(branch, type)} ` +
      `without a "${key}:" trailer saying where the data came from.`,
    fix: prepared
      ? `mlbranch pull-data prepared it: git commit --trailer "${key}: ${prepared}" (or a plain git commit / git commit --no-edit, which takes the message it wrote to .git/MERGE_MSG)`
      : `add a trailer at the end of the message, after a blank line: git commit --trailer "${key}: ${value}"${placeholderNote(value)}`,
  }),
  trailerMalformed: (
    key: string,
    value: string,
    pattern: string,
    branch: string,
    type: string,
    wanted: string,
    sha?: string,
  ) => ({
    text: `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} has "${key}: ${value}", which does not match ${pattern} required on ${where(branch, type)}.`,
    fix: `write it like "${key}: ${wanted}"${placeholderNote(wanted)}`,
  }),
  trailerPlaceholder: (key: string, value: string, branch: string, type: string, sha?: string) => ({
    text: `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} on ${where(branch, type)} has "${key}: ${value}": the <…> part is a placeholder from a message, not a value.`,
    fix: `write the real value in its place: git commit --trailer "${key}: ${value}" with <…> replaced`,
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
    wanted: string,
    sha?: string,
  ) => ({
    text: `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} on ${where(branch, type)} has "${key}: ${value}", but this repository has no such commit.`,
    fix: `name the source branch and a commit it has: git commit --trailer "${key}: ${wanted}"${placeholderNote(wanted)}`,
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
  adoptedAtMoved: (branch: string, was: string, now: string) => ({
    text: `mlbranch.json moves adoptedAt on ${branch} from ${was.slice(0, 10)} to ${now.slice(0, 10)}: the adoption baseline exempts the history it contains from every check, so it may be added once, never moved.`,
    fix: `keep "adoptedAt": "${was}" in mlbranch.json (history after it is judged; data committed since belongs on a data branch)`,
  }),
  adoptedAtNotHistory: (branch: string, now: string) => ({
    text: `mlbranch.json sets adoptedAt to ${now.slice(0, 10)}, which ${branch} did not contain before this commit: the adoption baseline may only name history the branch already had (what existed when mlbranch was adopted).`,
    fix: `name the commit ${branch} had when mlbranch was installed (git rev-parse <that commit>), or remove adoptedAt from mlbranch.json`,
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
