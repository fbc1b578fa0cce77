import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { cliMsg, msg } from "../io/messages/common.js";
import { CHECK_NAME, githubRulesets, githubScript, gitlabSteps } from "../push/rulesets.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch rulesets [--github [--script] | --gitlab] [options]

Print what makes the CI check blocking where no pre-receive hook can run (GitHub.com,
GitLab.com): for every branch type whose history cannot be taken back (protected, appendOnly
or codeOnlyByMerge: main, raw, stable, monitoring by default) no deletion, no force push,
changes only through a pull request merged with a merge commit, and the check required; release
tags (each type's tagPattern) that can be created but never moved or deleted.

  --github           GitHub repository rulesets as a JSON array (the default), one POST
                     /repos/{owner}/{repo}/rulesets body each
  --script           with --github: a bash script applying them with \`gh api\`
  --gitlab           the GitLab settings that do the same, in words
  --check <name>     the required status check (default: ${CHECK_NAME}, the job name
                     \`mlbranch ci-template\` gives pull request and merge queue runs)
  --config-rev <rev> read mlbranch.json from this revision (default: the work tree)
  -h, --help         this help

Examples:
  npx mlbranch rulesets --script > rulesets.sh && bash rulesets.sh
  npx mlbranch rulesets | jq '.[0]' | gh api --method POST "repos/{owner}/{repo}/rulesets" --input -
  npx mlbranch rulesets --gitlab`;

/** \`mlbranch rulesets\`: the host settings that make the check the server. */
export const rulesetsCommand: Command = {
  name: "rulesets",
  help,
  run(args, io) {
    const { values } = parseArgs(
      args,
      {
        github: { type: "boolean" },
        gitlab: { type: "boolean" },
        script: { type: "boolean" },
        check: { type: "string" },
        "config-rev": { type: "string" },
      },
      help,
      false,
    );
    if (values.github && values.gitlab) throw new UsageError(cliMsg.needsCiHost(help));
    if (values.script && values.gitlab)
      throw new UsageError(msg.usage("--script is for --github (gh api).", help));
    const check = (values.check as string | undefined) ?? CHECK_NAME;
    const config = loadConfig(repoRoot(io.cwd), {
      rev: values["config-rev"] as string | undefined,
    });
    if (values.gitlab) io.out(gitlabSteps(config, check).trimEnd());
    else {
      const sets = githubRulesets(config, check);
      io.out(values.script ? githubScript(sets).trimEnd() : JSON.stringify(sets, null, 2));
    }
    return EXIT.ok;
  },
};
