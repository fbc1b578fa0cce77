import { firstFew, P } from "./common.js";

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
    `${P} ${path}: took the incoming version (${from}); models, checkpoints and MLflow experiment metadata are overwritten, not merged.`,
  columnsDiffer: (path: string, ours: string, theirs: string) =>
    `ours has columns [${ours}] and theirs [${theirs}]; merge the header by hand, then the rows (${path})`,
};

/** The safety-net rule's message: a merge that dropped records of a parent. */
export const mergeRuleMsg = {
  lfsUnverifiable: (path: string, parent: string) => ({
    text: `${path}: stored with Git LFS and a version (this merge's or parent ${parent.slice(0, 12)}'s) is not in .git/lfs/objects, so the merge could not be checked for lost records.`,
    fix: "run git lfs fetch (or git lfs pull) and check again",
  }),
  recordsLost: (
    path: string,
    parent: string,
    driver: string,
    lines: number[],
    appendOnly = true,
  ) => ({
    text:
      `${path}: this merge drops ${lines.length} record${lines.length === 1 ? "" : "s"} of parent ${parent.slice(0, 12)} ` +
      `(its line${lines.length === 1 ? "" : "s"} ${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", ..." : ""}); ` +
      (appendOnly
        ? `files under the mlbranch-${driver} merge driver keep every record of both sides.`
        : `the mlbranch-${driver} merge driver keeps what either side added (only a removal made on one side applies).`),
    fix:
      "register the merge drivers (npx install-ml-hooks), then redo the merge (git merge --abort, or git reset --merge) " +
      `so mlbranch-${driver} merges it, or put the missing records back before committing` +
      (appendOnly
        ? `; set "appendOnly": false for this path in mlbranch.json \`files\` if records may be removed`
        : ""),
  }),
};
