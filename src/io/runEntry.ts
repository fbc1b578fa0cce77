import module from "node:module";
import { debug, debugEnabled } from "./debug.js";
import type { Io } from "./io.js";
import { processIo } from "./processIo.js";
import { reportError } from "./reportError.js";

// Node 22.1+ keeps compiled code across runs (a no-op on Node 20). Entries import only this
// module statically and load the rest after it, so the cache covers nearly all of their code.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** What an entry does: git's (or the user's) arguments and the process's Io in, an exit code out. */
export type EntryMain = (args: string[], io: Io) => Promise<number> | number;

/**
 * The one wrapper around every file git or a user runs (bins, hooks, merge drivers): runs `main`
 * with the process's arguments and streams, prints a user error as its message and anything
 * else as "this is a bug" with where to report it, and sets the exit code. Never throws.
 * `onInternal` is the exit code for a bug (70 unless the entry needs another, e.g. 0 in npm's
 * prepare script so a broken install never breaks `npm install`).
 */
export function runEntry(main: EntryMain, opts: { onInternal?: number } = {}): void {
  const io = processIo();
  const finish = (code: number) => {
    // The process's own peak memory, for benchmarks that judge each process (not git's).
    if (debugEnabled()) debug(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
    debug(`exit ${code}`);
    process.exitCode = code;
  };
  const fail = (e: unknown) => {
    const code = reportError(e, io);
    finish(code === 70 && opts.onInternal !== undefined ? opts.onInternal : code);
  };
  try {
    Promise.resolve(main(process.argv.slice(2), io)).then(finish, fail);
  } catch (e) {
    fail(e);
  }
}
