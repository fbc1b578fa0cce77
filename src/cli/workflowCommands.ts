import { branchCommand } from "./branchCommand.js";
import type { Command } from "./command.js";
import { lineageCommand } from "./lineageCommand.js";
import { promoteCommand } from "./promoteCommand.js";
import { pullDataCommand } from "./pullDataCommand.js";
import { statusCommand } from "./statusCommand.js";
import { tagCommand } from "./tagCommand.js";
import { trackCommand } from "./trackCommand.js";

/** The workflow commands (issue 6), registered in commands.ts as one entry. */
export const workflowCommands: Command[] = [
  statusCommand,
  branchCommand,
  pullDataCommand,
  trackCommand,
  tagCommand,
  promoteCommand,
  lineageCommand,
];
