import { loadConfig, parseConfig } from "../../src/config/loadConfig.js";
import type { Config } from "../../src/config/types.js";
import { cleanGitEnv } from "../../src/git/execGit.js";
import { branchOrCurrent, checkRange, checkStaged, judgeCommits } from "../../src/policy/check.js";
import type { CheckResult } from "../../src/policy/engine.js";
import { rules } from "../../src/policy/rules/index.js";
import type { Rule, Violation } from "../../src/policy/types.js";
import { type Repo, testEnv } from "./withRepo.js";

// Rules run in this process and some call git without an env: a test run started from a hook
// must not leak the caller's GIT_DIR / GIT_INDEX_FILE into the temporary repositories.
const clean = cleanGitEnv(process.env);
for (const k of Object.keys(process.env)) if (!(k in clean)) delete process.env[k];

/** What to judge: the index (default), one commit, or a range of first-parent commits. */
export interface RuleRun {
  /** "A..B" or one revision (its whole history), as `mlbranch check --range`. */
  range?: string;
  /** One commit, judged alone as a commit made on the branch (pre-push / pre-receive). */
  commit?: string;
  /** With the index: the commit message, for the trailer rules (as commit-msg). */
  message?: string;
  /** Judge as this branch (default: the checked-out one, or the range tip's name). */
  branch?: string;
  /** A Config, or mlbranch.json content (an object); default: the work tree's file or defaults. */
  config?: Config | object;
  /** Read mlbranch.json from this revision (as --config-rev). */
  configRev?: string;
  env?: NodeJS.ProcessEnv;
}

/** The rule the engine runs under this id (lazy ones included), or the given rule itself. */
export function ruleById(rule: string | Rule): Rule {
  if (typeof rule !== "string") return rule;
  const found = rules.find((r) => r.id === rule);
  if (!found) throw new Error(`runRule: no rule "${rule}" (${rules.map((r) => r.id).join(", ")})`);
  return found;
}

function configOf(repo: Repo, run: RuleRun): Config {
  const c = run.config;
  if (!c) return loadConfig(repo.dir, { rev: run.configRev });
  if ("version" in c && "types" in c && "source" in c) return c as Config;
  const { config, errors } = parseConfig(JSON.stringify(c), "runRule config");
  if (!config) throw new Error(`runRule: invalid config:\n  ${errors.join("\n  ")}`);
  return config;
}

/**
 * Run one rule in-process, through the same engine `mlbranch check` uses (same changes, branch
 * type, config, trailers, lazy loading and prefetch), against a real repository. Throws when the
 * branch matches no type: the rule would not run at all.
 */
export async function checkWithRule(
  repo: Repo,
  rule: string | Rule,
  run: RuleRun = {},
): Promise<CheckResult> {
  const only = [ruleById(rule)];
  const config = configOf(repo, run);
  const env = run.env ?? testEnv();
  const cwd = repo.dir;
  let result: CheckResult;
  if (run.range !== undefined) {
    result = await checkRange({
      cwd,
      config,
      range: run.range,
      branch: run.branch,
      env,
      rules: only,
    });
  } else if (run.commit !== undefined) {
    const sha = repo.git("rev-parse", "--verify", `${run.commit}^{commit}`);
    result = await judgeCommits(cwd, config, branchOrCurrent(cwd, run.branch), [sha], env, only);
  } else {
    result = await checkStaged({
      cwd,
      config,
      branch: run.branch,
      message: run.message,
      env,
      rules: only,
    });
  }
  if (result.type === null)
    throw new Error(`runRule: branch "${result.branch}" matches no branch type`);
  return result;
}

/** Run one rule (see checkWithRule); errors then warnings, each with its severity. */
export async function runRule(
  repo: Repo,
  rule: string | Rule,
  run: RuleRun = {},
): Promise<Violation[]> {
  const r = await checkWithRule(repo, rule, run);
  return [...r.violations, ...r.warnings];
}

/** The errors only (what refuses a commit). */
export async function ruleErrors(
  repo: Repo,
  rule: string | Rule,
  run: RuleRun = {},
): Promise<Violation[]> {
  return (await checkWithRule(repo, rule, run)).violations;
}
