import type { ContractError, ContractErrorType } from "./types.js";

/**
 * The errors of one table check: every error counted, at most `max` kept. While `quiet` (the old
 * part of an appended file), nothing is reported.
 */
export class ErrorLog {
  readonly errors: ContractError[] = [];
  total = 0;
  quiet = false;
  constructor(private readonly max: number) {}

  /** Count one error, and keep it while fewer than max are kept. */
  add(row: number | null, field: string | null, type: ContractErrorType, message: string): void {
    if (this.quiet) return;
    this.total++;
    if (this.errors.length < this.max) this.errors.push({ row, field, type, message });
  }
}
