import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { wfMsg } from "../io/messages/workflow.js";
import { promote } from "../workflow/promote.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch promote <stable-branch> [--to <branch>] [--json]

Copy the tracking records the stable branch has and the target (default: defaultBranch, main)
lacks into the target's tracking file, and the MLflow runs it lacks: run folders of the file
store (mlruns/<experiment>/<run>/: meta.yaml, metrics/, params/, tags/; artifacts/ only with
tracking.mlflow.artifacts true; an experiment's meta.yaml and tags/ when the target lacks the
experiment) and runs of the SQLite store (mlflow.db: the run's rows in every table keyed by
run_uuid, and its experiment when missing). All as one new commit on the target with the trailer
"Promoted-From: <branch>@<sha>". Made with plumbing and a temporary index: nothing is checked
out, and the working tree and index stay byte-identical. Nothing new means no commit. Refused
when the target is checked out in a worktree.

  --to <branch>   the target branch (default: main)
  --json          print {commit, records, mlflowRuns, mlflowDbRuns}
  -h, --help      this help

Examples:
  mlbranch promote stable/model
  mlbranch promote stable/model --to main --json`;

/** `mlbranch promote`: copy tracking records to main. */
export const promoteCommand: Command = {
  name: "promote",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { to: { type: "string" }, json: { type: "boolean" } },
      help,
    );
    if (positionals.length !== 1)
      throw new UsageError(msg.usage("give the stable branch to promote.", help));
    const root = repoRoot(io.cwd);
    const r = promote({ root, config: loadConfig(root), branch: positionals[0], to: values.to });
    if (values.json)
      io.out(
        JSON.stringify({
          from: r.from,
          to: r.to,
          commit: r.commit,
          records: r.records,
          mlflowRuns: r.mlflowRuns,
          mlflowDbRuns: r.mlflowDbRuns,
        }),
      );
    else if (r.commit)
      io.err(
        wfMsg.promoted(
          r.records.length,
          r.from,
          r.to,
          r.commit,
          r.mlflowRuns.length + r.mlflowDbRuns.length,
        ),
      );
    else io.err(wfMsg.promoteNothing(r.from, r.to));
    return EXIT.ok;
  },
};
