/** Where a command writes: stdout for output a user might pipe, stderr for diagnostics. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read on demand (pre-push, pre-receive). */
  stdin(): Promise<string>;
}

/** A subcommand of `mlbranch`. */
export interface Command {
  name: string;
  /** Full `--help` text. */
  help: string;
  /** Returns the exit code; throws MlbranchError for user errors. */
  run(args: string[], io: Io): Promise<number> | number;
}
