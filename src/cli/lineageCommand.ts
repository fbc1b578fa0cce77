import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { toDot, toMermaid } from "../workflow/graph.js";
import { lineage } from "../workflow/lineage.js";
import { lineageGraph } from "../workflow/lineageGraph.js";
import { formatLineage } from "../workflow/lineageReport.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch lineage <tag|commit> [<model path>] [--format text|json|mermaid|dot] [--json]

What was this model trained on? The model files' blob ids; every data file of the snapshot with
its blob id, the commit that last changed it and that commit's Data-Source / Derived-From
trailers, followed back through each Derived-From (split -> clean -> raw); the commit the code
came from (a dev commit, for a stable branch); and the tracking record of the tag.

  --format <f>  text (default), json, mermaid (a flowchart GitHub and GitLab render in
               markdown: data sources -> raw -> clean -> split -> model, as dvc dag draws), dot
               (Graphviz: dot -Tsvg)
  --json       the same as --format json
  -h, --help   this help

Examples:
  mlbranch lineage acme-1
  mlbranch lineage acme-1 models/model.json --json
  mlbranch lineage acme-1 --format mermaid > docs/lineage.md   (inside a \`\`\`mermaid block)
  mlbranch lineage acme-1 --format dot | dot -Tsvg > lineage.svg`;

/** `mlbranch lineage`: the provenance of a trained model. */
export const lineageCommand: Command = {
  name: "lineage",
  help,
  async run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { json: { type: "boolean" }, format: { type: "string" } },
      help,
    );
    const format = values.json ? "json" : (values.format ?? "text");
    if (!["text", "json", "mermaid", "dot"].includes(format))
      throw new UsageError(
        msg.usage(`--format is text, json, mermaid or dot (got "${format}").`, help),
      );
    const [rev, model, ...extra] = positionals;
    if (!rev || extra.length) throw new UsageError(msg.usage("give a tag or commit.", help));
    const root = repoRoot(io.cwd);
    const l = await lineage({ root, config: loadConfig(root), rev, model });
    if (format === "json") io.out(JSON.stringify(l, null, 2));
    else if (format === "mermaid") io.out(toMermaid(lineageGraph(l)));
    else if (format === "dot") io.out(toDot(lineageGraph(l)));
    else io.out(formatLineage(l));
    return EXIT.ok;
  },
};
