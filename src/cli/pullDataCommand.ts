import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { wfMsg } from "../io/messages/workflow.js";
import { pullData } from "../workflow/pullData.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch pull-data <branch> [<path>...] [--json]

Copy data paths (default: the roots of globs.data, e.g. data/) from another branch into this one
and stage them: new files are added, files the source changed since the last pull from it
replaced (edits made here to files it did not change are kept), and JSON Lines / CSV /
TSV files get only the records that are new since the last pull from that branch (records
dropped here, e.g. by cleaning, do not come back). Files only this branch has are kept. The
prepared message carries "Derived-From: <branch>@<sha>" and is written to .git/MERGE_MSG, so a
plain \`git commit\` (or \`git commit --no-edit\`) uses it; with -m add the trailer yourself.

  --json       print {branch, sha, files, trailer}
  -h, --help   this help

Examples:
  mlbranch pull-data raw               # on clean
  mlbranch pull-data split data/train.csv data/test.csv   # on stable/model, to retrain
  git commit --no-edit`;

/** `mlbranch pull-data`: copy data from another branch with a Derived-From message. */
export const pullDataCommand: Command = {
  name: "pull-data",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(args, { json: { type: "boolean" } }, help);
    const [branch, ...paths] = positionals;
    if (!branch) throw new UsageError(msg.usage("give the branch to pull data from.", help));
    const root = repoRoot(io.cwd);
    const r = pullData({ root, config: loadConfig(root), branch, paths });
    if (values.json)
      io.out(JSON.stringify({ branch: r.branch, sha: r.sha, files: r.files, trailer: r.trailer }));
    else if (!r.files.length) io.err(wfMsg.pullNothingNew(branch));
    else {
      for (const f of r.files)
        io.out(`${f.action} ${f.path}${f.records !== undefined ? ` (+${f.records})` : ""}`);
      io.err(wfMsg.pulled(r.files.length, branch, r.messageFile ?? "", r.trailer));
    }
    return EXIT.ok;
  },
};
