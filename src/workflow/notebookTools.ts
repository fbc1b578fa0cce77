import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runGit } from "../git/execGit.js";

/** Which tool merges, diffs and filters notebooks in this clone, and what else is about. */
export interface NotebookTools {
  /** "mlbranch-ipynb", "nbdime", "git's line merge", or another driver's name. */
  merge: string;
  diff: string;
  /** nbstripout's clean filter strips outputs at `git add`. */
  nbstripout: boolean;
  /** jupytext pairs notebooks with text files (config found). */
  jupytext: boolean;
  notes: string[];
}

const NAMES: Record<string, string> = {
  "mlbranch-ipynb": "mlbranch-ipynb",
  jupyternotebook: "nbdime",
  ipynb: "nbstripout's textconv",
};

// git's own answer for a notebook path: every attributes file (info/, global, nested) counted.
function attrs(root: string): Record<string, string> {
  const r = runGit(["check-attr", "-z", "merge", "diff", "filter", "--", "probe.ipynb"], {
    cwd: root,
    okCodes: [1, 128],
  });
  const parts = r.stdout.toString("utf8").split("\0");
  const out: Record<string, string> = {};
  for (let i = 0; i + 2 < parts.length; i += 3) out[parts[i + 1]] = parts[i + 2];
  return out;
}

const configured = (root: string, key: string) =>
  runGit(["config", "--get", key], { cwd: root, okCodes: [1] }).code === 0;

/** Detect nbdime, nbstripout and jupytext beside mlbranch, and who merges notebooks here. */
export function notebookTools(root: string): NotebookTools {
  const a = attrs(root);
  const notes: string[] = [];
  const named = (v: string | undefined, none: string) =>
    !v || v === "unspecified" || v === "set"
      ? none
      : v === "unset"
        ? "binary (no merge)"
        : (NAMES[v] ?? v);
  let merge = named(a.merge, "git's line merge");
  const diff = named(a.diff, "git's line diff");
  if (merge === "nbdime" && !configured(root, "merge.jupyternotebook.driver")) {
    notes.push(
      "*.ipynb names nbdime's merge driver, but it is not configured here (`nbdime config-git --enable`): git falls back to its line merge",
    );
    merge = "git's line merge (nbdime named, not configured)";
  }
  if (merge === "mlbranch-ipynb" && !configured(root, "merge.mlbranch-ipynb.driver"))
    notes.push(
      "mlbranch-ipynb is named in .gitattributes but not registered in this clone: run npx install-ml-hooks",
    );
  if (merge === "nbdime")
    notes.push(
      "nbdime merges notebooks here (its attributes take precedence); mlbranch leaves it, and still refuses broken notebooks at commit",
    );
  const nbstripout = a.filter === "nbstripout" && configured(root, "filter.nbstripout.clean");
  if (nbstripout)
    notes.push(
      "nbstripout strips outputs at `git add` (its clean filter); mlbranch's merge and checks see the stripped notebooks, so outputs kept by this branch type's notebooks setting never reach a commit",
    );
  const jupytext =
    [".jupytext.toml", "jupytext.toml", ".jupytext", ".jupytext.yml"].some((f) =>
      existsSync(join(root, f)),
    ) ||
    (existsSync(join(root, "pyproject.toml")) &&
      /\[tool\.jupytext\]/.test(readFileSync(join(root, "pyproject.toml"), "utf8")));
  if (jupytext)
    notes.push(
      "jupytext pairs notebooks with text files: the .py/.md side merges as text, the .ipynb with mlbranch-ipynb; after a merge run `jupytext --sync` so both agree",
    );
  return { merge, diff, nbstripout, jupytext, notes };
}
