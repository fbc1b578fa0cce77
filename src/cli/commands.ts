import { checkCommand } from "./checkCommand.js";
import type { Command } from "./command.js";
import { conflictsCommand } from "./conflictsCommand.js";
import { explainCommand } from "./explainCommand.js";
import { resolveCommand } from "./resolveCommand.js";

/** Every `mlbranch` subcommand; later modules add theirs here (one line each). */
export const commands: Command[] = [checkCommand, explainCommand, conflictsCommand, resolveCommand];
