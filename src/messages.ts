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
