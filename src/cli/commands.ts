import { checkCommand } from "./checkCommand.js";
import { ciTemplateCommand } from "./ciTemplateCommand.js";
import type { Command } from "./command.js";
import { conflictsCommand } from "./conflictsCommand.js";
import { driftCommand } from "./driftCommand.js";
import { explainCommand } from "./explainCommand.js";
import { hookCommand } from "./hookCommand.js";
import { initCommand } from "./initCommand.js";
import { resolveCommand } from "./resolveCommand.js";
import { splitCommand } from "./splitCommand.js";
import { validateCommand } from "./validateCommand.js";
import { workflowCommands } from "./workflowCommands.js";

/** Every `mlbranch` subcommand; later modules add theirs here (one line each). */
export const commands: Command[] = [
  checkCommand,
  explainCommand,
  // the workflow: branch, tag, track, promote, pull-data, lineage, status
  ...workflowCommands,
  // installer, hooks, data-file validation, CI workflow
  initCommand,
  hookCommand,
  validateCommand,
  ciTemplateCommand,
  // data-quality gates
  splitCommand,
  driftCommand,
  // SQLite merge conflicts
  conflictsCommand,
  resolveCommand,
];
