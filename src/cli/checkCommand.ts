import { appendFileSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { checkRange, checkStaged } from "../policy/check.js";
import type { CheckResult } from "../policy/engine.js";
import { formatReport, githubAnnotations, githubSummary, jsonReport } from "../policy/report.js";
import { runCi } from "./ciCheck.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch check (--staged | --range <A>..<B> | --message <file> | --ci <host>) [options]

Judge commits against the rules of their branch type (mlbranch.json, or the defaults).

  --staged             the commit being made: the index against HEAD (pre-commit)
  --range <A>..<B>     every first-parent commit in A..B, as if committed on the branch
                       (a single revision checks its whole history)
  --message <file>     the trailer rules for a commit message file (commit-msg); with
                       --staged, judged together with the staged changes
  --ci <host>          github, gitlab or bitbucket: judge the CI run as the server would
                       judge the push it stands for, from the host's own event
                       (GITHUB_EVENT_NAME + GITHUB_EVENT_PATH, GitLab's CI_* or Bitbucket's
                       BITBUCKET_* variables): a push or merge-queue run as that push; a pull
                       (merge) request as its merge landing on the base branch under the
                       base's type, plus the head's commits under the head's type. Rules from
                       the default branch as it was before. Fetches the history it needs
                       (exit 2 when it cannot)
  --branch <name>      judge as this branch (default: the checked-out branch, or B's name)
  --config-rev <rev>   read mlbranch.json (and, for --range, .gitattributes) from this revision
  --json               print the result as JSON on stdout (same as --format json)
  --format <f>         text (default), json, or github: GitHub Actions annotations on stdout
                       (::error file=…,line=…::) and, when $GITHUB_STEP_SUMMARY is set, a
                       Markdown summary appended to it; the text report still goes to stderr
  -h, --help           this help

Exit codes: 0 all rules hold, 1 violations, 2 usage or config error, or history this clone
lacks and cannot fetch (a shallow or partial clone): a check never passes commits it cannot see.

Examples:
  mlbranch check --staged
  mlbranch check --range origin/raw..raw
  mlbranch check --range "$BASE..$HEAD" --branch stable/model --config-rev origin/main --json
  mlbranch check --message .git/COMMIT_EDITMSG --staged
  mlbranch check --range "$BEFORE..$AFTER" --format github
  mlbranch check --ci github --format github   (a GitHub Actions step)
  mlbranch check --ci gitlab                   (a GitLab CI job)`;

/** `mlbranch check`: the one entry every enforcement point calls. */
export const checkCommand: Command = {
  name: "check",
  help,
  async run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      {
        staged: { type: "boolean" },
        range: { type: "string" },
        message: { type: "string" },
        branch: { type: "string" },
        "config-rev": { type: "string" },
        json: { type: "boolean" },
        format: { type: "string" },
        ci: { type: "string" },
      },
      help,
      false,
    );
    void positionals;
    const format = values.json ? "json" : ((values.format as string | undefined) ?? "text");
    if (!["text", "json", "github"].includes(format))
      throw new UsageError(msg.usage(`--format is text, json or github (got "${format}").`, help));
    const modes = [
      values.staged || values.message !== undefined,
      values.range !== undefined,
      values.ci !== undefined,
    ].filter(Boolean).length;
    if (modes !== 1)
      throw new UsageError(msg.usage("give one of --staged, --range, --message or --ci.", help));
    if (values.ci !== undefined) return runCi(values.ci as string, format, io);
    const root = repoRoot(io.cwd);
    const rev = values["config-rev"];
    // CI: the default branch before the push also says which paths hold records.
    const config = { ...loadConfig(root, { rev }), ...(rev ? { attributesRev: rev } : {}) };
    let result: CheckResult;
    if (values.range !== undefined) {
      result = await checkRange({
        cwd: root,
        config,
        range: values.range,
        branch: values.branch,
        env: io.env,
      });
    } else {
      let message: string | undefined;
      if (values.message !== undefined) {
        try {
          message = readFileSync(resolve(io.cwd, values.message), "utf8");
        } catch {
          throw new UsageError(msg.messageFileMissing(values.message));
        }
      }
      result = await checkStaged({
        cwd: root,
        config,
        branch: values.branch,
        message,
        // --message alone: only the trailer rules speak.
        trailersOnly: !values.staged,
        env: io.env,
      });
    }
    if (format === "json") io.out(jsonReport(result));
    if (format === "github") {
      const annotations = githubAnnotations(result);
      if (annotations) io.out(annotations);
      const summary = io.env.GITHUB_STEP_SUMMARY;
      if (summary) appendFileSync(summary, githubSummary(result));
    }
    const quiet =
      format !== "json" &&
      result.violations.length === 0 &&
      result.warnings.length === 0 &&
      values.range === undefined;
    if (format !== "json" && !quiet) {
      const text = formatReport(result, values.range === undefined);
      if (result.violations.length || result.warnings.length || format === "github") io.err(text);
      else io.out(text);
    }
    return result.violations.length ? EXIT.violation : EXIT.ok;
  },
};
