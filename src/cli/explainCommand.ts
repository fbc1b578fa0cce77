import { loadConfig } from "../config/loadConfig.js";
import { currentBranch, repoRoot } from "../git/repo.js";
import { EXIT } from "../io/errors.js";
import { resolveBranchType } from "../policy/branchType.js";
import { explain } from "../policy/explain.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch explain [<branch>] [--all] [--json]

Say which branch type a branch has and its rules in words (default: the checked-out branch).

  --all        every branch type
  --json       the type and its expanded rules as JSON
  -h, --help   this help

Examples:
  mlbranch explain
  mlbranch explain raw/vendor-a
  mlbranch explain --all`;

/** `mlbranch explain`: a branch's type and its rules in words. */
export const explainCommand: Command = {
  name: "explain",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { all: { type: "boolean" }, json: { type: "boolean" } },
      help,
    );
    const root = repoRoot(io.cwd);
    const config = loadConfig(root);
    const branch = values.all ? undefined : (positionals[0] ?? currentBranch(root) ?? undefined);
    if (values.json) {
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
