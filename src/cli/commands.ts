import { checkCommand } from "./checkCommand.js";
import type { Command } from "./command.js";
import { driftCommand } from "./driftCommand.js";
import { explainCommand } from "./explainCommand.js";
import { splitCommand } from "./splitCommand.js";

/** Every `mlbranch` subcommand; later modules add theirs here (one line each). */
export const commands: Command[] = [
  checkCommand,
  explainCommand,
  // issue 7: data-quality gates
  splitCommand,
  driftCommand,
];
