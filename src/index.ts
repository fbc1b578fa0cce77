// The library's public surface: what hooks, drivers and other tools import.
export { CONFIG_FILE, loadConfig, parseConfig } from "./config/loadConfig.js";
export type { BranchType, Config, FileSettings, TrailerRule } from "./config/types.js";
export { validateConfig } from "./config/validateConfig.js";
export type { Change } from "./git/changes.js";
export { execGit, execGitBuffer, runGit } from "./git/execGit.js";
export { ConfigError, EXIT, GitError, InputError, MlbranchError, UsageError } from "./io/errors.js";
export { resolveBranchType } from "./policy/branchType.js";
export { checkRange, checkStaged } from "./policy/check.js";
export type { CheckResult } from "./policy/engine.js";
export type { Rule, RuleContext, Violation } from "./policy/types.js";
