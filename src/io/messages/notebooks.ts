import { firstFew, P } from "./common.js";

/** Messages of the notebook driver, textconv, commands and rule. */
export const notebookMsg = {
  conflicts: (path: string, why: string[]) =>
    `${P} ${path}: ${why.length} notebook conflict${why.length === 1 ? "" : "s"}; the notebook still opens in Jupyter, with both versions between marker lines inside the cells:\n${firstFew(why)}\n` +
    `  See them with \`mlbranch conflicts ${path}\`; edit the cells (or \`mlbranch resolve ${path} --ours|--theirs\`), then \`git add\` the file.`,
  unparseable: (path: string, problems: string[]) =>
    `${P} cannot merge ${path}: a version is not a notebook:\n${firstFew(problems)}\n` +
    "  The file now holds a notebook with both versions (a side that is not one as a raw cell of its text); keep what you need, then `git add` it.",
  internal: (path: string, err: unknown) =>
    `${P} internal error merging ${path}; this is a bug (please report it with this line: ${String((err as Error)?.message ?? err).split("\n")[0]}). ` +
    "The file now holds a notebook with ours' cells, then theirs'; keep what you need, then `git add` it.",
  bothVersionsNote: (why: string) =>
    `**mlbranch could not merge this notebook** (${why}). Ours' cells follow this one, then theirs' after the next note. Keep what you need and delete the rest, including these notes.`,
  theirsFollow: () => "**Theirs' cells follow.**",
  noConflicts: (path: string) => `${P} ${path}: no cells in conflict.`,
  notANotebook: (path: string, problems: string[]) =>
    `${P} ${path} is not a notebook Jupyter opens:\n${firstFew(problems)}`,
  resolved: (path: string, n: number, side: string) =>
    `${P} ${path}: ${n} cell${n === 1 ? "" : "s"} settled with ${side}' version; \`git add ${path}\` when it looks right.`,
  resolveNeedsSide: () => `${P} say which side settles the notebook: --ours or --theirs.`,
};

/** The notebooks rule's messages. */
export const notebookRuleMsg = {
  invalid: (path: string, problems: string[]) => ({
    text: `${path} is not a notebook Jupyter opens: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? `; and ${problems.length - 3} more` : ""}`,
    fix: `open it in Jupyter or fix the JSON (a text merge leaves <<<<<<< lines: \`git checkout --merge -- ${path}\` merges it again with mlbranch-ipynb), then \`git add\` it`,
  }),
  conflicts: (path: string, n: number) => ({
    text: `${path} still has ${n} cell${n === 1 ? "" : "s"} in merge conflict (marker lines or a "mlbranch" conflict note)`,
    fix: `see them with \`mlbranch conflicts ${path}\`, edit them or run \`mlbranch resolve ${path} --ours|--theirs\`, then \`git add\` it`,
  }),
  outputs: (path: string, what: string, type: string, stripped: boolean) => ({
    text: stripped
      ? `${path} carries ${what}, which branches of type ${type} strip at commit (this commit was made without mlbranch's pre-commit hook)`
      : `${path} carries ${what}, which branches of type ${type} refuse`,
    fix: stripped
      ? `commit with the hooks installed (npx install-ml-hooks), which strip them from the staged copy, or clear them (\`jupyter nbconvert --clear-output --inplace ${path}\`)`
      : `clear them (Jupyter: Edit > Clear Outputs of All Cells, or \`jupyter nbconvert --clear-output --inplace ${path}\`), or set notebooks.outputs / notebooks.executionCounts to "strip" for this type in mlbranch.json`,
  }),
  tooLarge: (path: string, size: string, limit: string, type: string) => ({
    text: `${path} has ${size} of outputs, above the ${limit} branches of type ${type} allow`,
    fix: "clear the large outputs (images, long logs), save plots as files tracked with Git LFS, or raise notebooks.maxOutputSize for this type",
  }),
  stripped: (paths: string[], what: string) =>
    `${P} stripped ${what} from the staged ${paths.length === 1 ? paths[0] : `${paths.length} notebooks (${paths.join(", ")})`}; your open notebook keeps them (\`git diff\` shows them as not staged).`,
};
