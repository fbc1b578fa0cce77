import { P } from "./common.js";

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
    `Switch to such a branch, or make one from main and merge the code in: mlbranch branch stable model --from main && git merge --no-ff dev/model.`,
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
  promoteDbUnreadable: (file: string, why: string) =>
    `${P} cannot promote the MLflow runs of ${file}: ${why}. It should be MLflow's SQLite store (sqlite:///mlflow.db); name another file with tracking.mlflow.db in mlbranch.json. Nothing was promoted.`,
  trackedMlflow: (path: string, experiment: string) =>
    `${P} wrote the MLflow run ${path}/ (experiment ${experiment}) and staged it.`,
  mlflowBadKey: (key: string) =>
    `${P} "${key}" cannot be an MLflow metric or param name (empty, absolute, or with an empty, "." or ".." part); rename it in the JSON you pass.`,
  promoted: (n: number, from: string, to: string, commit: string, runs = 0) =>
    `${P} promoted ${n} tracking record${n === 1 ? "" : "s"}${runs ? ` and ${runs} MLflow run${runs === 1 ? "" : "s"}` : ""} from ${from} to ${to} in commit ${commit.slice(0, 10)} (working tree and index untouched).`,
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
