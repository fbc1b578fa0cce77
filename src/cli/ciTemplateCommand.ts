import { readFileSync } from "node:fs";
import { EXIT } from "../io/errors.js";
import { packageFile } from "../io/paths.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch ci-template

Print a GitHub Actions workflow that runs \`mlbranch check --range\` on every push and pull
request, with the rules from mlbranch.json on the default branch before the push.

Example: mkdir -p .github/workflows && npx mlbranch ci-template > .github/workflows/mlbranch.yml`;

/** `mlbranch ci-template`: the CI workflow, on stdout. */
export const ciTemplateCommand: Command = {
  name: "ci-template",
  help,
  run(args, io) {
    parseArgs(args, {}, help, false);
    io.out(readFileSync(packageFile("templates", "ci-github.yml"), "utf8"));
    return EXIT.ok;
  },
};
