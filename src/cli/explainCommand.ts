import { loadConfig } from "../config/loadConfig.js";
import { currentBranch, repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { resolveBranchType } from "../policy/branchType.js";
import { explain } from "../policy/explain.js";
import { toMermaid } from "../workflow/graph.js";
import { typeFlowGraph } from "../workflow/typeFlow.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch explain [<branch>] [--all] [--json] [--format text|json|mermaid]

Say which branch type a branch has and its rules in words (default: the checked-out branch).

  --all        every branch type
  --json       the type and its expanded rules as JSON
  --format <f> text (default), json, or mermaid: every branch type with its rules and what flows
               between them (raw -> clean -> split -> stable -> main, ...), a flowchart
               GitHub and GitLab render in markdown
  -h, --help   this help

Examples:
  mlbranch explain
  mlbranch explain raw/vendor-a
  mlbranch explain --all
  mlbranch explain --format mermaid`;

/** `mlbranch explain`: a branch's type and its rules in words. */
export const explainCommand: Command = {
  name: "explain",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { all: { type: "boolean" }, json: { type: "boolean" }, format: { type: "string" } },
      help,
    );
    const format = values.json ? "json" : (values.format ?? "text");
    if (!["text", "json", "mermaid"].includes(format))
      throw new UsageError(msg.usage(`--format is text, json or mermaid (got "${format}").`, help));
    const root = repoRoot(io.cwd);
    const config = loadConfig(root);
    const branch = values.all ? undefined : (positionals[0] ?? currentBranch(root) ?? undefined);
    if (format === "mermaid") {
      io.out(toMermaid(typeFlowGraph(config)));
      return EXIT.ok;
    }
    if (format === "json") {
      const r = branch ? resolveBranchType(config, branch) : null;
      io.out(
        JSON.stringify(
          branch
            ? {
                branch,
                type: r?.name ?? null,
                rules: r?.type ?? null,
                unknownBranch: config.unknownBranch,
              }
            : { types: config.types },
          null,
          2,
        ),
      );
      return EXIT.ok;
    }
    io.out(explain(config, branch).text);
    return EXIT.ok;
  },
};
