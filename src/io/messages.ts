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
    `${P} cannot read the range "${range}": give <from>..<to> with revisions this repository has (or a single revision for its whole history). In CI, fetch the whole history (actions/checkout with fetch-depth: 0).`,
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

// ---- merge drivers (issue 4) ----
const firstFew = (items: string[], n = 8) =>
  items
    .slice(0, n)
    .map((i) => `  ${i}`)
    .join("\n") + (items.length > n ? `\n  ... and ${items.length - n} more` : "");

/** Messages of the record merge drivers (stderr only: drivers print nothing on stdout). */
export const mergeMsg = {
  usage: (driver: string) =>
    `${P} merge driver ${driver} needs git's arguments: %O %A %B %L %P (see .gitattributes.template).`,
  unparseable: (path: string, problems: string[]) =>
    `${P} cannot merge ${path}: it is not what its merge driver reads:\n${firstFew(problems)}\n` +
    "  A plain text merge with conflict markers was left in the file, so nothing of either side is lost. " +
    "Fix the lines named above, resolve the markers, then `git add` the file.",
  conflicts: (path: string, why: string[]) =>
    `${P} ${path}: ${why.length} record conflict${why.length === 1 ? "" : "s"}; both versions are kept between conflict markers:\n${firstFew(why)}\n` +
    "  Keep the right record(s), delete the markers, then `git add` the file. " +
    '(In a rebase, "ours" is the branch you rebase onto and "theirs" the commit being replayed.)',
  schemaInvalid: (path: string, schema: string, problems: string[]) =>
    `${P} cannot merge ${path}: records do not satisfy ${schema}:\n${firstFew(problems)}\n` +
    "  A plain text merge was left in the file; fix those records so they match the schema, then `git add` the file.",
  schemaUnreadable: (schema: string, why: string) =>
    `${P} cannot read the JSON Schema ${schema} named in mlbranch.json \`files\`: ${why}. Fix the path or the file.`,
  lfsMissing: (path: string, side: string) =>
    `${P} cannot merge ${path}: it is stored with Git LFS and the ${side} version's object is not in .git/lfs/objects. ` +
    "Run `git lfs fetch --all` (or `git lfs pull`) so both versions are present, then merge again. " +
    "The two pointers were left between conflict markers.",
  badConfig: (path: string, detail: string) =>
    `${P} cannot merge ${path}: its merge settings cannot be read.\n${detail}\n` +
    "  A plain text merge with conflict markers was left in the file; fix mlbranch.json, then resolve the file by hand or merge again.",
  theirsWins: (path: string, from: string) =>
    `${P} ${path}: took the incoming version (${from}); models and checkpoints are overwritten, not merged.`,
  columnsDiffer: (path: string, ours: string, theirs: string) =>
    `header differs: ours has columns [${ours}] and theirs [${theirs}]; a column added or renamed on one side cannot be merged row by row (${path})`,
};

/** The safety-net rule's message: a merge that dropped records of a parent. */
export const mergeRuleMsg = {
  lfsUnverifiable: (path: string, parent: string) => ({
    text: `${path}: stored with Git LFS and a version (this merge's or parent ${parent.slice(0, 12)}'s) is not in .git/lfs/objects, so the merge could not be checked for lost records.`,
    fix: "run git lfs fetch (or git lfs pull) and check again",
  }),
  recordsLost: (path: string, parent: string, driver: string, lines: number[]) => ({
    text:
      `${path}: this merge drops ${lines.length} record${lines.length === 1 ? "" : "s"} of parent ${parent.slice(0, 12)} ` +
      `(its line${lines.length === 1 ? "" : "s"} ${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", ..." : ""}); ` +
      `files under the mlbranch-${driver} merge driver keep every record of both sides.`,
    fix:
      "register the merge drivers (npx install-ml-hooks), then redo the merge (git merge --abort, or git reset --merge) " +
      `so mlbranch-${driver} merges it, or put the missing records back before committing; ` +
      `set "appendOnly": false for this path in mlbranch.json \`files\` if records may be removed`,
  }),
};
// ---- issue 7: data-quality gates (split and monitor rules) ----

type IdSummary = { count: number; groups: string[]; first: string[] };
const ids = (s: IdSummary, what: string) =>
  `${s.count} id${s.count === 1 ? "" : "s"} ${what} (${s.groups.join(", ")}); first: ${s.first.map((i) => JSON.stringify(i)).join(", ")}`;

/** Messages of the split rule (issue 7). */
const splitMsg = {
  splitDuplicate: (s: IdSummary) => ({
    text: `records leak between splits: ${ids(s, "in more than one split file")}.`,
    fix: "regenerate the split files with `mlbranch split <input> --key <id>` (one salted hash per id), or remove each id from all but one split",
  }),
  splitMoved: (s: IdSummary) => ({
    text: `records would move split: ${ids(s, "already committed in one split now in another")}. A model trained on one split would be tested on its own training records.`,
    fix: "keep the committed assignment: re-run `mlbranch split` with the same --salt and --ratios as before (new records then land without moving old ones), or drop these records from the new split",
  }),
  splitUnreadable: (path: string, why: string) => ({
    text: `${path} is a split file, but the split rule cannot read its record ids: ${why}.`,
    fix: "store splits as JSONL or CSV with the id field named in the split config's key, or change the split globs in mlbranch.json",
  }),
};

/** Messages of the monitor rule (issue 7). */
const monitorMsg = {
  monitorProblem: (path: string, why: string, fix: string) => ({
    text: `${path} holds monitoring data, but it cannot be checked for drift: ${why}.`,
    fix,
  }),
  monitorSmall: (path: string, tag: string, rows: number, min: number) => ({
    text: `${path} adds ${rows} records for model ${tag}, fewer than monitor.minRows (${min}); drift is not judged on so few (sampling noise alone crosses the thresholds).`,
    fix: `commit monitoring data in larger batches, or lower monitor.minRows in mlbranch.json; \`mlbranch drift\` compares any two files by hand`,
  }),
  monitorBlocked: (table: string) => ({
    text: `monitoring data drifted past the thresholds and monitor.block is true:\n${table}`,
    fix: "investigate the drift (retrain, or fix the data source); to record the data anyway, set monitor.block to false so the commit alerts instead, or raise the thresholds in mlbranch.json",
  }),
  monitorAlert: (table: string, log: string) => ({
    text: `ALERT: monitoring data drifted past the thresholds:\n${table}`,
    fix: `nothing blocks this commit; an alert record was added to ${log} in it. Investigate the drift (retrain, or fix the data source)`,
  }),
  monitorUnlogged: (table: string, log: string) => ({
    text: `monitoring data in this commit drifted past the thresholds, and ${log} has no alert record for it (was the commit made without the hook?):\n${table}`,
    fix: `add the alert by hand if it matters (mlbranch drift --json shows the numbers); new commits made with the hook log alerts in ${log}`,
  }),
};

/** Messages of the split and monitor rules, together. */
export const dataMsg = { ...splitMsg, ...monitorMsg };
// --- install-ml-hooks, hooks, pre-push / pre-receive (issue 3) ---

/** Messages of the installer (`install-ml-hooks`, `mlbranch init`). */
export const installMsg = {
  skipped: (why: string) => `${P} hooks not installed: ${why}. Nothing was changed.`,
  notARepoSkip: (cwd: string) =>
    `${P} hooks not installed: ${cwd} is not inside a git repository (run npx install-ml-hooks in a clone).`,
  failedInPrepare: (text: string) =>
    `${text}\n${P} the install continues without mlbranch's hooks; fix the above and run npx install-ml-hooks.`,
  badPackageJson: (file: string, err: string) =>
    `${P} ${file} is not valid JSON (${err}); fix it, then run npx install-ml-hooks again.`,
  huskyFailed: (err: string) => `${P} husky could not set core.hooksPath: ${err}`,
  header: (dryRun: boolean, uninstall: boolean) =>
    `${P} ${dryRun ? "would change (dry run, nothing written)" : uninstall ? "uninstalled" : "installed"}:`,
  nothingChanged: (uninstall: boolean) =>
    uninstall
      ? `${P} nothing to uninstall here; nothing changed.`
      : `${P} already installed; nothing changed.`,
  notInstalledLocally: (pkgDir: string) =>
    `${P} mlbranch is not in ${pkgDir}/node_modules yet, so the hooks cannot run. Finish with: npm install --save-dev mlbranch`,
  keptAfterUninstall: () =>
    `${P} kept mlbranch.json and the mlbranch devDependency; remove them with: git rm mlbranch.json && npm uninstall mlbranch`,
  serverInstalled: (hook: string, chained: boolean) =>
    `${P} installed ${hook}${chained ? " (the pre-receive hook that was there runs after it, as pre-receive.pre-mlbranch)" : ""}.`,
  serverUnchanged: (hook: string) => `${P} ${hook} is up to date; nothing changed.`,
  notBare: (dir: string) =>
    `${P} ${dir} is not a bare git repository; give the server-side repository (e.g. /srv/git/project.git).`,
};

/** Messages of the hooks. */
export const hookMsg = {
  detached: () =>
    `${P} HEAD is detached; the commit rules run when it is pushed (pre-push) instead.`,
  unknownHook: (name: string) => `${P} no hook named "${name}".`,
  driverMissing: (names: string[], pkgPrefix: string) =>
    `${P} .gitattributes names ${names.join(", ")}, not set up in this clone (git would merge such files as text without a word); fix: ${pkgPrefix ? `(cd ${pkgPrefix} && npx install-ml-hooks)` : "npx install-ml-hooks"}`,
  chainedFailed: (path: string, code: number) => `${P} ${path} failed (exit ${code}).`,
};

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
  refused: (n: number, where: string) =>
    `${P} push refused by ${where}: ${n} rule violation${n === 1 ? "" : "s"} (the same rules run in CI and on the server).`,
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
  startBreaksRules: (
    b: string,
    r: { type: string | null; violations: { rule: string; path: string | null }[] },
    from: string,
    commits: number,
    def: string,
    again: string,
  ) => {
    const shown = r.violations
      .slice(0, 3)
      .map((v) => `${v.rule}${v.path ? ` (${v.path})` : ""}`)
      .join(", ");
    const more = r.violations.length > 3 ? ` and ${r.violations.length - 3} more` : "";
    return (
      `${P} ${b} would start with ${commits} commit${commits === 1 ? "" : "s"} of ${from} that ${def} lacks as its own history, and on a ${r.type} branch they break ${shown}${more}. ` +
      `Start it from ${def} and bring the work in with a merge: ${again} --from ${def}, then git merge --no-ff ${from}.`
    );
  },
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

// ---- SQLite merge driver, textconv, `mlbranch conflicts` / `resolve` (issue 5) ----

// Roles like "ours (%A)" are merge inputs: then nothing was merged.
const merged = (role: string) =>
  role.includes("(%") ? " Nothing was merged; ours is unchanged." : "";

/** Messages of the SQLite merge driver and its commands. */
export const sqliteMsg = {
  unreadable: (role: string, path: string, why: string) =>
    `${P} cannot read ${role} at ${path} as an SQLite database: ${why}.${merged(role)}`,
  notSqlite: (role: string, path: string, why: string) =>
    `${P} ${role} at ${path} is not an SQLite database (${why}).${merged(role)} ` +
    `If this path is not a database, drop its merge=mlbranch-sqlite line in .gitattributes; otherwise restore a good copy (git checkout --ours/--theirs -- <path>).`,
  corrupt: (role: string, path: string, why: string) =>
    `${P} ${role} at ${path} is a damaged SQLite database (${why}).${merged(role)} ` +
    `Repair it (sqlite3 <file> ".recover") or take one side (git checkout --ours -- <path>), then commit.`,
  lfsMissing: (path: string, role: string) =>
    `${P} ${path} is stored with Git LFS and the ${role} version's content is not available locally. ` +
    `Run \`git lfs fetch --all\` (or git lfs pull), then merge again. Nothing was merged; ours is unchanged.`,
  pkDiffers: (table: string, ours: string[], theirs: string[]) =>
    `table ${table} has primary key (${ours.join(", ")}) in ours and (${theirs.join(", ")}) in theirs; theirs' rows were not merged`,
  fkViolation: (table: string, rowid: number | null, parent: string) =>
    `after the merge, row ${rowid ?? "?"} of ${table} refers to a row of ${parent} that the merged database does not have (PRAGMA foreign_key_check)`,
  shadowTable: (table: string) =>
    `${table} belongs to a virtual table (an FTS or R*Tree index), which the driver does not merge row by row; ours' is kept: re-insert theirs' rows through the virtual table if they are needed`,
  driverUsage: () =>
    `${P} usage: node sqlite.js <base %O> <ours %A> <theirs %B> [<marker size %L>] [<path %P>] (git runs this as a merge driver).`,
  conflicted: (path: string, n: number, tables: string[]) =>
    `${P} ${path}: ${n} SQLite merge conflict${n === 1 ? "" : "s"} in ${tables.join(", ")}; ours and every non-conflicting change are merged, ` +
    `and each conflict is a row of the table mlbranch_conflicts. See them with \`mlbranch conflicts ${path}\`; ` +
    `settle them with \`mlbranch resolve ${path} --ours\` or \`--theirs\` [--table <name>], then git add and commit.`,
  textconvUsage: () => `${P} usage: node sqlite-textconv.js <database file>`,
  noConflicts: (db: string) => `${P} ${db} has no unresolved merge conflicts.`,
  resolved: (db: string, n: number, side: string, left: number) =>
    `${P} ${db}: ${n} conflict${n === 1 ? "" : "s"} settled with ${side}'s version` +
    (left
      ? `; ${left} remain (mlbranch conflicts ${db}).`
      : "; mlbranch_conflicts dropped. Now git add it and commit."),
  resolveNeedsSide: () => `${P} say which side wins: --ours or --theirs.`,
  dbMissing: (db: string) =>
    `${P} ${db} does not exist. Give the path of an SQLite database in this checkout.`,
  schemaKept: (n: number) =>
    `${P} ${n} conflict${n === 1 ? "" : "s"} without a row key (a schema difference or a foreign-key check) ${n === 1 ? "was" : "were"} closed as ${n === 1 ? "it is" : "they are"}: ours' schema and rows stay; change them by hand if theirs' were wanted.`,
};

/** Policy messages for SQLite databases (issue 5). */
export const sqliteRuleMsg = {
  conflictsLeft: (path: string, n: number) => ({
    text: `${path} still holds ${n} unresolved merge conflict${n === 1 ? "" : "s"} (table mlbranch_conflicts).`,
    fix: `look at them with \`mlbranch conflicts ${path}\`, settle them with \`mlbranch resolve ${path} --ours|--theirs\`, then git add '${path}'`,
  }),
  rowsLost: (
    path: string,
    table: string,
    n: number,
    from: string,
    branch: string,
    type: string,
  ) => ({
    text: `${path} is append-only on ${branch} (type ${type}), but ${n} row${n === 1 ? "" : "s"} of table ${table} that ${from} has ${n === 1 ? "is" : "are"} missing.`,
    fix: "rows of an append-only database are only ever added: redo the merge with the mlbranch-sqlite driver (git merge again after `npx install-ml-hooks`), or restore the missing rows",
  }),
  unreadable: (path: string, why: string) => ({
    text: `${path} could not be read as an SQLite database to check it: ${why}.`,
    fix: "commit a valid database (sqlite3 <file> 'PRAGMA integrity_check'), or fetch its LFS object (git lfs fetch)",
  }),
};
