import { checkCommand } from "./checkCommand.js";
import type { Command } from "./command.js";
import { explainCommand } from "./explainCommand.js";
import { workflowCommands } from "./workflowCommands.js";

/** Every `mlbranch` subcommand; later modules add theirs here (one line each). */
export const commands: Command[] = [checkCommand, explainCommand, ...workflowCommands];
