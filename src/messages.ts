// Every user-facing message lives here, prefixed with "mlbranch:"; diagnostics go to stderr.

const P = "mlbranch:";

/** Indent continuation lines of a multi-line block. */
export function indent(text: string, by = "  "): string {
  return text
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");
}

/** Messages for config, git state and the top-level handler. */
export const msg = {
  prefix: P,
  configInvalid: (source: string, errors: string[]) =>
    `${P} ${source} is not a valid mlbranch config (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n` +
    errors.map((e) => `  ${e}`).join("\n") +
    `\n  Fix the file (its JSON Schema is node_modules/mlbranch/schema/mlbranch.schema.json), or run \`mlbranch explain\` to see the rules in force.`,
  notARepo: (cwd: string) =>
    `${P} ${cwd} is not inside a git repository. Run this in a clone (or \`git init\` first).`,
  detachedHead: () =>
    `${P} HEAD is detached, so there is no branch whose rules apply. Check out a branch, or pass --branch <name>.`,
  unknownBranch: (branch: string, types: string[], mode: string) =>
    `${P} branch "${branch}" matches no branch type (${types.join(", ")}); unknownBranch is "${mode}". ` +
    `Rename the branch to fit a type (e.g. dev/${branch.replace(/^.*\//, "")}), or add a match glob for it in mlbranch.json.`,
  badRange: (range: string) =>
    `${P} cannot read the range "${range}": give <from>..<to> with revisions this repository has (or a single revision for its whole history).`,
  badRevision: (rev: string) => `${P} "${rev}" is not a revision in this repository.`,
  messageFileMissing: (file: string) => `${P} cannot read the commit message file ${file}.`,
  unexpected: (err: unknown) =>
    `${P} internal error; this is a bug. Please report it with the command you ran and this text:\n` +
    (err instanceof Error ? (err.stack ?? err.message) : String(err)),
  usage: (text: string, help: string) => `${P} ${text}\n\n${help}`,
};

const where = (branch: string, type: string | null) => (type ? `${branch} (type ${type})` : branch);
const size = (n: number) =>
  n >= 1 << 30
    ? `${(n / (1 << 30)).toFixed(1)} GiB`
    : n >= 1 << 20
      ? `${(n / (1 << 20)).toFixed(1)} MiB`
      : n >= 1024
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${n} B`;

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
  appendOnlyModified: (path: string, branch: string, type: string, lineFile: boolean) => ({
    text: lineFile
      ? `${path} is append-only on ${where(branch, type)}: existing lines were changed (new lines may only be added at the end).`
      : `${path} is append-only on ${where(branch, type)}: a committed file is never edited.`,
    fix:
      type === "raw"
        ? "raw data is never edited: keep this file as received, add new data as new files (or appended lines), and commit corrections on the clean branch instead"
        : "restore the committed content (git restore --source=HEAD --staged --worktree -- <file>) and add new records at the end or in a new file",
  }),
  appendOnlyDeleted: (path: string, branch: string, type: string) => ({
    text: `${path} is append-only on ${where(branch, type)}: a committed file is never deleted.`,
    fix: `restore it (git restore --source=HEAD --staged --worktree -- '${path}'); to drop records, derive a new branch (e.g. clean) instead`,
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
  trailerMissing: (
    key: string,
    paths: string[],
    branch: string,
    type: string,
    example?: string,
    sha?: string,
  ) => ({
    text:
      `${sha ? `commit ${sha.slice(0, 10)}` : "this commit"} changes ${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ` and ${paths.length - 3} more` : ""} on ${where(branch, type)} ` +
      `without a "${key}:" trailer saying where the data came from.`,
    fix: `add a trailer at the end of the message, after a blank line: "${key}: ${example ?? "<value>"}" (git commit --trailer "${key}: ${example ?? "<value>"}"${sha ? ", or git commit --amend / rebase to reword" : ""})`,
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

// --- workflow commands (branch, tag, track, promote, pull-data, lineage, status) ---
const few = (lines: string[]) =>
  lines
    .slice(0, 5)
    .map((l) => `  ${l}`)
    .join("\n") + (lines.length > 5 ? `\n  ... and ${lines.length - 5} more` : "");

/** Messages of the workflow commands. */
export const wfMsg = {
  unknownType: (t: string, types: string[]) =>
    `${P} "${t}" is not a branch type; the types are ${types.join(", ")} (mlbranch explain --all).`,
  noTypedName: (t: string, name: string | undefined, match: string[]) =>
    `${P} ${name ? `"${name}" makes` : "no name makes"} no branch of type ${t} (its branches: ${match.join(", ")}). ` +
    `Give a short name, e.g. mlbranch branch ${t} model.`,
  badBranchName: (b: string) => `${P} "${b}" is not a valid git branch name.`,
  branchExists: (b: string) =>
    `${P} branch ${b} exists already; check it out with git switch ${b}, or pick another name.`,
  badRevision: (rev: string) => `${P} "${rev}" is not a revision in this repository.`,
  noSuchBranch: (b: string) =>
    `${P} there is no branch "${b}" here (git branch --list shows them; fetch it first if it is remote).`,
  gitRefused: (cmd: string, stderr: string) => `${P} ${cmd} refused: ${stderr.trim()}`,
  jsonArgMissing: (opt: string, v: string) =>
    `${P} --${opt} ${v}: no such file. Give a JSON file or inline JSON such as --${opt} '{"rmse": 0.21}'.`,
  jsonArgInvalid: (opt: string, file: string | null, why: string) =>
    `${P} --${opt}${file ? ` ${file}` : ""} is not a JSON object (${why}). Give a file or inline JSON such as --${opt} '{"rmse": 0.21}'.`,
  trackingSchemaUnreadable: (file: string, why: string) =>
    `${P} tracking.schema ${file} (mlbranch.json) cannot be used as a JSON Schema: ${why}. Fix the file or remove tracking.schema.`,
  trackingInvalid: (file: string, errs: string[]) =>
    `${P} the tracking record does not satisfy ${file}; nothing was written:\n${few(errs)}\n  Fix the --metrics/--params values (or the schema).`,
  tagDetached: () =>
    `${P} HEAD is detached; tags are made on a checked-out stable branch (git switch stable/<name>).`,
  tagWrongBranch: (b: string, t: string | null, taggable: string[]) =>
    `${P} ${b} ${t ? `has type ${t}, which takes` : "matches no branch type, so it takes"} no tags; training runs are tagged on ${taggable.join(", ") || "a type with tagPattern"}. ` +
    `Switch to such a branch (e.g. mlbranch branch stable model --from dev/model).`,
  badPrefix: (p: string) =>
    `${P} --prefix "${p}" must be letters, digits, ".", "_" and single "-" between them (a client id such as acme).`,
  prefixNeeded: (pattern: string) =>
    `${P} no earlier tag tells the prefix for ${pattern}; give it once: mlbranch tag --prefix <client-id>.`,
  tagNameMismatch: (name: string, pattern: string) =>
    `${P} "${name}" does not fit the tag pattern ${pattern} of this branch type.`,
  tagExists: (name: string) =>
    `${P} tag ${name} exists already (git show ${name}); run mlbranch tag --next for the next free name.`,
  tagNoCommit: () => `${P} this branch has no commit yet; commit the training run first.`,
  tagDirty: (b: string, dirty: string[]) =>
    `${P} the working tree of ${b} has uncommitted changes; a tag must name exactly what was trained. Commit (or stash) them first:\n${few(dirty)}`,
  tagAlreadyOnCommit: (tag: string, commit: string) =>
    `${P} commit ${commit.slice(0, 10)} is already tagged ${tag}; commit the next training run before tagging again.`,
  promoteWrongType: (b: string, t: string | null) =>
    `${P} ${b} ${t ? `has type ${t}` : "matches no branch type"}; tracking records are promoted from training branches (stable/*).`,
  promoteCheckedOut: (to: string) =>
    `${P} ${to} is checked out in a worktree, and promote never touches a working tree. Switch that worktree to another branch (e.g. the stable one) and promote from there.`,
  promoteNothing: (from: string, to: string) =>
    `${P} ${to} already has every tracking record of ${from}; no commit made.`,
  promoted: (n: number, from: string, to: string, commit: string) =>
    `${P} promoted ${n} tracking record${n === 1 ? "" : "s"} from ${from} to ${to} in commit ${commit.slice(0, 10)} (working tree and index untouched).`,
  pullDuringMerge: () =>
    `${P} a merge is in progress (MERGE_HEAD exists); finish or abort it before pulling data.`,
  pullNoPaths: () =>
    `${P} no data paths: give them (mlbranch pull-data <branch> data/) or set globs.data in mlbranch.json.`,
  pullDirty: (dirty: string[]) =>
    `${P} the data paths have uncommitted changes; commit or stash them before pulling data:\n${few(dirty)}`,
  pullNothingThere: (b: string, paths: string[]) =>
    `${P} ${b} has no files under ${paths.join(", ")}.`,
  pullNothingNew: (b: string) =>
    `${P} the data here already has everything ${b} has; nothing staged.`,
  pulled: (n: number, b: string, file: string, trailer: string) =>
    `${P} staged ${n} data file${n === 1 ? "" : "s"} from ${b}. A plain \`git commit\` (or \`git commit --no-edit\`) uses the prepared message in ${file}, which carries\n  ${trailer}\n  (with git commit -m, add it yourself: --trailer "${trailer}").`,
  lineageNoModel: (path: string, rev: string) =>
    `${P} ${path} is not a file in ${rev}; run mlbranch lineage ${rev} without a path to list its model files.`,
  branchCreated: (b: string, type: string, from: string, sha: string, switched: boolean) =>
    `${P} created ${b} (type ${type}) from ${from} at ${sha.slice(0, 10)}${switched ? " and switched to it" : ""}.`,
  tracked: (file: string, runId: string) =>
    `${P} appended run ${runId} to ${file} and staged it; commit it with the model.`,
  tagged: (name: string, commit: string) => `${P} tagged ${commit.slice(0, 10)} as ${name}.`,
  badJsonLine: (source: string, line: number, why: string) =>
    `${P} ${source} line ${line} is not valid JSON (${why}). Fix or remove that line, then run the command again.`,
  notJsonObject: (source: string, line: number) =>
    `${P} ${source} line ${line} is not a JSON object; every record is one object per line.`,
  csvHeaderDiffers: (source: string, path: string, theirs: string, ours: string) =>
    `${P} cannot append ${source}:${path} to ${path}: the header lines differ ("${theirs}" vs "${ours}"). Make the columns match, or remove ${path} here and pull again to replace it.`,
  lfsMissing: (path: string, rev: string) =>
    `${P} ${path} at ${rev} is a Git LFS pointer whose content is not here; run git lfs fetch (or git lfs pull) and pull the data again.`,
};
