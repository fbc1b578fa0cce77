/** Where a command writes: stdout for output a user might pipe, stderr for diagnostics. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read on demand (pre-push, pre-receive). */
  stdin(): Promise<string>;
}
