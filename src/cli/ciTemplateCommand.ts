import { readFileSync } from "node:fs";
import { EXIT, UsageError } from "../io/errors.js";
import { cliMsg } from "../io/messages/common.js";
import { packageFile } from "../io/paths.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch ci-template [--github | --gitlab]

Print a CI configuration that runs \`mlbranch check --ci <host>\` on every push, pull (merge)
request and merge-queue run: each judged as the server would judge the push it stands for (a
request by what lands on its base branch), with the rules from mlbranch.json on the default
branch before the push, on the current Node LTS with the npm cache kept between runs. Make it
blocking with \`mlbranch rulesets\` (docs/hosting.md).

  --github     GitHub Actions (the default): violations as annotations on the files
               (--format github) and in the run's step summary
  --gitlab     GitLab CI: a job for .gitlab-ci.yml
  -h, --help   this help

Examples:
  mkdir -p .github/workflows && npx mlbranch ci-template > .github/workflows/mlbranch.yml
  npx mlbranch ci-template --gitlab >> .gitlab-ci.yml`;

/** `mlbranch ci-template`: the CI workflow, on stdout. */
export const ciTemplateCommand: Command = {
  name: "ci-template",
  help,
  run(args, io) {
    const { values } = parseArgs(
      args,
      { github: { type: "boolean" }, gitlab: { type: "boolean" } },
      help,
      false,
    );
    if (values.github && values.gitlab) throw new UsageError(cliMsg.needsCiHost(help));
    const file = values.gitlab ? "ci-gitlab.yml" : "ci-github.yml";
    io.out(readFileSync(packageFile("templates", file), "utf8"));
    return EXIT.ok;
  },
};
