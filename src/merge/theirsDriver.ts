import { readFileSync } from "node:fs";
import { atomicWrite } from "../io/atomicWrite.js";
import { MlbranchError } from "../io/errors.js";
import { mergeMsg } from "../io/messages/merge.js";
import { parseDriverArgs } from "./driverArgs.js";
import { incomingCommit } from "./incomingCommit.js";

/** Models and checkpoints: the incoming version (%B) wins; one stderr line says which commit. */
export function runTheirs(argv: string[], cwd = process.cwd()): number {
  try {
    const args = parseDriverArgs(argv, "mlbranch-theirs");
    // An LFS pointer is copied as is: the object it names came with the incoming commit.
    atomicWrite(args.ours, readFileSync(args.theirs));
    process.stderr.write(`${mergeMsg.theirsWins(args.path, incomingCommit(cwd, args.theirs))}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof MlbranchError ? e.message : `mlbranch: ${String(e)}`}\n`);
    return 2;
  }
}
