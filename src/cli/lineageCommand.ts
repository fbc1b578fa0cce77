import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { lineage } from "../workflow/lineage.js";
import { formatLineage } from "../workflow/lineageReport.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch lineage <tag|commit> [<model path>] [--json]

What was this model trained on? The model files' blob ids; every data file of the snapshot with
its blob id, the commit that last changed it and that commit's Data-Source / Derived-From
trailers, followed back through each Derived-From (split -> clean -> raw); the commit the code
came from (a dev commit, for a stable branch); and the tracking record of the tag.

  --json       the same as JSON
  -h, --help   this help

Examples:
  mlbranch lineage acme-1
  mlbranch lineage acme-1 models/model.json --json`;

/** `mlbranch lineage`: the provenance of a trained model. */
export const lineageCommand: Command = {
  name: "lineage",
  help,
  async run(args, io) {
    const { values, positionals } = parseArgs(args, { json: { type: "boolean" } }, help);
    const [rev, model, ...extra] = positionals;
    if (!rev || extra.length) throw new UsageError(msg.usage("give a tag or commit.", help));
    const root = repoRoot(io.cwd);
    const l = await lineage({ root, config: loadConfig(root), rev, model });
    io.out(values.json ? JSON.stringify(l, null, 2) : formatLineage(l));
    return EXIT.ok;
  },
};
