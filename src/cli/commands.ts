import type { Command } from "./command.js";

/** A subcommand as `mlbranch --help` lists it; its module is loaded only when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

// Loading every command's module (the policy engine, SQLite, git plumbing...) cost ~180 ms of
// start-up on each run; each command now pays only for its own imports.
/** Every `mlbranch` subcommand; later modules add theirs here (one entry each). */
export const commands: CommandEntry[] = [
  {
    name: "check",
    summary:
      "judge the commit being made, a message, or a range of commits against the branch rules",
    load: async () => (await import("./checkCommand.js")).checkCommand,
  },
  {
    name: "explain",
    summary: "say a branch's type and its rules in words (or draw the flow: --format mermaid)",
    load: async () => (await import("./explainCommand.js")).explainCommand,
  },
  // the workflow: branch, tag, track, promote, pull-data, lineage, status
  {
    name: "status",
    summary: "branch, type, rules, hooks and drivers installed, next tag",
    load: async () => (await import("./statusCommand.js")).statusCommand,
  },
  {
    name: "branch",
    summary: "create a typed branch (stable model -> stable/model)",
    load: async () => (await import("./branchCommand.js")).branchCommand,
  },
  {
    name: "pull-data",
    summary: "copy data paths from another branch, staged with a Derived-From message",
    load: async () => (await import("./pullDataCommand.js")).pullDataCommand,
  },
  {
    name: "track",
    summary: "append a metrics record to the tracking file (or an MLflow run: --mlflow)",
    load: async () => (await import("./trackCommand.js")).trackCommand,
  },
  {
    name: "tag",
    summary: "tag a training run <prefix>-<n> (or print the next name with --next)",
    load: async () => (await import("./tagCommand.js")).tagCommand,
  },
  {
    name: "promote",
    summary:
      "copy a stable branch's new tracking records and MLflow runs to main without checking it out",
    load: async () => (await import("./promoteCommand.js")).promoteCommand,
  },
  {
    name: "lineage",
    summary:
      "what a tag's model was trained on: data back to every raw delivery, code, tracking record",
    load: async () => (await import("./lineageCommand.js")).lineageCommand,
  },
  {
    name: "release",
    summary:
      "list a client's release tags with their metrics, or fetch one (--latest) into a folder, verified",
    load: async () => (await import("./releaseCommand.js")).releaseCommand,
  },
  // installer, hooks, data-file validation, CI workflow
  {
    name: "init",
    summary: "install the git hooks, merge drivers and config in this clone (= install-ml-hooks)",
    load: async () => (await import("./initCommand.js")).initCommand,
  },
  {
    name: "hook",
    summary:
      "run one git hook by hand, as git runs it through .husky/* (or pre-receive on a server)",
    load: async () => (await import("./hookCommand.js")).hookCommand,
  },
  {
    name: "validate",
    summary:
      "check data files: tables against their Table Schema, JSON/JSONL against their JSON Schema, SQLite integrity, no -wal/-shm",
    load: async () => (await import("./validateCommand.js")).validateCommand,
  },
  {
    name: "infer-schema",
    summary: "write a starting Frictionless Table Schema from a CSV, TSV or JSON Lines table",
    load: async () => (await import("./inferSchemaCommand.js")).inferSchemaCommand,
  },
  {
    name: "ci-template",
    summary:
      "print a GitHub Actions (or --gitlab: GitLab CI) workflow that checks every push and pull request",
    load: async () => (await import("./ciTemplateCommand.js")).ciTemplateCommand,
  },
  {
    name: "rulesets",
    summary:
      "print the GitHub rulesets (or --gitlab: settings) that make the CI check blocking, and release tags immutable",
    load: async () => (await import("./rulesetsCommand.js")).rulesetsCommand,
  },
  // data-quality gates
  {
    name: "split",
    summary: "assign records to train/validation/test by a salted hash of their id (stable)",
    load: async () => (await import("./splitCommand.js")).splitCommand,
  },
  {
    name: "drift",
    summary:
      "compare current data with a reference: PSI, KS, outliers, calibration (exit 1 on drift)",
    load: async () => (await import("./driftCommand.js")).driftCommand,
  },
  {
    name: "compare",
    summary:
      "A/B test model tags in monitoring data: metric, confidence interval, significance, sample ratio",
    load: async () => (await import("./compareCommand.js")).compareCommand,
  },
  // SQLite merge conflicts
  {
    name: "conflicts",
    summary: "show the conflicts an SQLite merge left in a database",
    load: async () => (await import("./conflictsCommand.js")).conflictsCommand,
  },
  {
    name: "resolve",
    summary: "settle an SQLite merge's conflicts with ours' or theirs' rows",
    load: async () => (await import("./resolveCommand.js")).resolveCommand,
  },
];
