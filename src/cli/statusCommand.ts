import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT } from "../io/errors.js";
import { formatStatus, status } from "../workflow/status.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch status [--json]

The checked-out branch, its type and what may change here, whether the hooks are installed
(core.hooksPath / .husky, or the pre-commit framework's hooks, mlbranch's own pre-push and the
runtime copy when .pre-commit-config.yaml names mlbranch's hooks), the merge drivers registered
in this clone (and whether what they run is there), which tool merges Jupyter notebooks
(mlbranch-ipynb, nbdime, git; nbstripout and jupytext noticed), the next tag, and where the
monitoring references in another repository come from (repository, cache, tags cached); each
missing piece with the command that fixes it.

  --json       the same as JSON
  -h, --help   this help

Examples:
  mlbranch status
  mlbranch status --json`;

/** `mlbranch status`: where am I and what applies here. */
export const statusCommand: Command = {
  name: "status",
  help,
  run(args, io) {
    const { values } = parseArgs(args, { json: { type: "boolean" } }, help, false);
    const root = repoRoot(io.cwd);
    const s = status(root, loadConfig(root));
    io.out(values.json ? JSON.stringify(s, null, 2) : formatStatus(s));
    return EXIT.ok;
  },
};
