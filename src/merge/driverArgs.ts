import { UsageError } from "../io/errors.js";
import { mergeMsg } from "../io/messages/merge.js";

/** git's merge driver arguments: %O %A %B %L %P. */
export interface DriverArgs {
  base: string;
  ours: string;
  theirs: string;
  markerSize: number;
  path: string;
}

/** Read `%O %A %B %L %P` (the last two optional: 7 and the ours file's name). */
export function parseDriverArgs(argv: string[], driver: string): DriverArgs {
  const [base, ours, theirs, size, path] = argv;
  if (!base || !ours || !theirs) throw new UsageError(mergeMsg.usage(driver));
  const markerSize = size && /^\d+$/.test(size) && Number(size) > 0 ? Number(size) : 7;
  return { base, ours, theirs, markerSize, path: path || ours };
}
