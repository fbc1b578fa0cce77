import type { Io } from "../io/io.js";

/** A subcommand of `mlbranch`. */
export interface Command {
  name: string;
  /** Full `--help` text. */
  help: string;
  /** Returns the exit code; throws MlbranchError for user errors. */
  run(args: string[], io: Io): Promise<number> | number;
}
