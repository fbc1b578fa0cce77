import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { wfMsg } from "../io/messages/workflow.js";
import { createTypedBranch } from "../workflow/branch.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch branch <type> [<name>] [--from <rev>] [--no-switch] [--json]

Create a branch of a type from mlbranch.json and switch to it: the type's match glob gives the
name ("stable/**" + model -> stable/model). Types with a plain name (raw, clean, split,
monitoring) need no <name>. A type is also found by its branch prefix: "ds" names the analysis
type (match "ds/**"). A name that makes no branch of the type is refused.

  --from <rev>   start point (default: HEAD)
  --no-switch    only create the branch
  --json         print {branch, type, from, sha}
  -h, --help     this help

Examples:
  mlbranch branch raw
  mlbranch branch dev model --from main
  mlbranch branch ds eda                     (the analysis type: ds/eda)
  mlbranch branch stable model --from main   (then: git merge --no-ff dev/model)

A start point whose own commits (those the default branch lacks) would break the new branch's
rules is refused: they would become the branch's history, and CI judges them as made there.`;

/** `mlbranch branch`: create a typed branch. */
export const branchCommand: Command = {
  name: "branch",
  help,
  async run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { from: { type: "string" }, "no-switch": { type: "boolean" }, json: { type: "boolean" } },
      help,
    );
    const [type, name, ...extra] = positionals;
    if (!type || extra.length) throw new UsageError(msg.usage("give a type and a name.", help));
    const root = repoRoot(io.cwd);
    const config = loadConfig(root);
    const r = await createTypedBranch({
      cwd: root,
      config,
      type,
      name,
      from: values.from,
      switchTo: !values["no-switch"],
    });
    if (values.json)
      io.out(JSON.stringify({ branch: r.branch, type: r.type, from: r.from, sha: r.sha }));
    else io.err(wfMsg.branchCreated(r.branch, r.type, r.from, r.sha, !values["no-switch"]));
    return EXIT.ok;
  },
};
