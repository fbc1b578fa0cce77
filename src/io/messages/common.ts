// User-facing messages are prefixed with "mlbranch:"; diagnostics go to stderr. One file per area.

export const P = "mlbranch:";

/** Where bugs are reported (package.json's bugs field). */
export const BUGS = "https://github.com/mlbranch/mlbranch/issues";

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
    `${P} internal error; this is a bug. Please report it at ${BUGS} with the command you ran, \`mlbranch --version\`, \`node --version\` and this text:\n` +
    (err instanceof Error ? (err.stack ?? err.message) : String(err)),
  gitFailed: (args: string[], code: number | null, stderr: string) =>
    `${P} git ${args.slice(0, 3).join(" ")} failed (exit ${code}): ${stderr.trim() || "no output"}`,
  usage: (text: string, help: string) => `${P} ${text}\n\n${help}`,
};

export const where = (branch: string, type: string | null) =>
  type ? `${branch} (type ${type})` : branch;

export const size = (n: number) =>
  n >= 1 << 30
    ? `${(n / (1 << 30)).toFixed(1)} GiB`
    : n >= 1 << 20
      ? `${(n / (1 << 20)).toFixed(1)} MiB`
      : n >= 1024
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${n} B`;

export const firstFew = (items: string[], n = 8) =>
  items
    .slice(0, n)
    .map((i) => `  ${i}`)
    .join("\n") + (items.length > n ? `\n  ... and ${items.length - n} more` : "");

/** Messages of `mlbranch validate`. */
export const validateMsg = {
  noSuchFile: (files: string[]) =>
    `${P} cannot validate ${files.join(", ")}: no such file (give paths of existing files, relative to here).`,
  refused: (bad: number) =>
    `${P} ${bad} data file${bad === 1 ? "" : "s"} refused; fix ${bad === 1 ? "it" : "them"} and stage again.`,
};

/** Messages of command-line parsing shared by every command. */
export const cliMsg = {
  badOption: (why: string, help: string) => `${P} ${why}\n\n${help}`,
  needsDatabase: (help: string) => `${P} name the database.\n\n${help}`,
  needsFiles: (help: string) => `${P} give the files to check.\n\n${help}`,
  needsCiHost: (help: string) => `${P} give one of --github or --gitlab.\n\n${help}`,
  fileProblem: (path: string, problem: string) => `${P} ${path} ${problem}`,
  unknownBranchOfRev: (rev: string) =>
    `${P} cannot tell which branch "${rev}" is; pass --branch <name> (CI: the branch being pushed).`,
  textconvUsage: () => `${P} jsonl textconv needs one file path (git diff passes it).`,
  cannotRead: (file: string, why: string) => `${P} cannot read ${file}: ${why}`,
};
