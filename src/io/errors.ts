import { msg } from "./messages/common.js";

/** Exit codes shared by every command: 0 ok, 1 a rule or merge said no, 2 usage or config. */
export const EXIT = { ok: 0, violation: 1, usage: 2, internal: 70 } as const;

/** Base class for every error a user should see as a message, never as a stack trace. */
export class MlbranchError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = "MlbranchError";
    this.exitCode = exitCode;
  }
}

/** Wrong arguments, unknown command, missing file named on the command line. */
export class UsageError extends MlbranchError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = "UsageError";
  }
}

/** mlbranch.json is missing a piece, invalid JSON, or fails the schema. */
export class ConfigError extends MlbranchError {
  readonly errors: string[];
  constructor(message: string, errors: string[] = []) {
    super(message, EXIT.usage);
    this.name = "ConfigError";
    this.errors = errors;
  }
}

/** A git command failed; carries git's stderr and exit code. */
export class GitError extends MlbranchError {
  readonly stderr: string;
  readonly gitExitCode: number | null;
  readonly args: string[];
  constructor(args: string[], gitExitCode: number | null, stderr: string) {
    super(msg.gitFailed(args, gitExitCode, stderr), EXIT.usage);
    this.name = "GitError";
    this.args = args;
    this.gitExitCode = gitExitCode;
    this.stderr = stderr;
  }
}

/** Input data (a file handed to a driver or a check) cannot be read as what it claims to be. */
export class InputError extends MlbranchError {
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message, exitCode);
    this.name = "InputError";
  }
}

/** A check needs commits or objects this clone does not have (shallow or partial clone). */
export class HistoryError extends MlbranchError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = "HistoryError";
  }
}

/** The server's check ran out of its time budget: the push is refused, with why (exit 1). */
export class TimeBudgetError extends MlbranchError {
  constructor(message: string) {
    super(message, EXIT.violation);
    this.name = "TimeBudgetError";
  }
}

/**
 * Another repository's reference data cannot be fetched (no network, no access, server down) and
 * is not in the cache: the monitor rule skips the check instead of failing (unless block is set).
 */
export class ReferenceUnreachableError extends InputError {
  readonly repo: string;
  readonly why: string;
  constructor(message: string, repo: string, why: string) {
    super(message);
    this.name = "ReferenceUnreachableError";
    this.repo = repo;
    this.why = why;
  }
}
