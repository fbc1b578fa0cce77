import { EXIT, MlbranchError } from "./errors.js";
import type { Io } from "./io.js";
import { msg } from "./messages/common.js";

/** The single top-level handler: a user error prints its message, anything else "this is a bug". */
export function reportError(e: unknown, io: Io): number {
  if (e instanceof MlbranchError) {
    io.err(e.message);
    return e.exitCode;
  }
  io.err(msg.unexpected(e));
  return EXIT.internal;
}
