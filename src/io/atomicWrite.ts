import { closeSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Write a file by temp file + rename in the same directory, so a reader never sees half of it. */
export function atomicWrite(file: string, data: string | Buffer | Iterable<string | Buffer>): void {
  const tmp = join(dirname(file), `.${basename(file)}.mlbranch-${process.pid}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    // Chunks are written as they come (a generator may reuse one buffer for them).
    for (const chunk of typeof data === "string" || Buffer.isBuffer(data) ? [data] : data)
      writeFileSync(fd, chunk);
    closeSync(fd);
    renameSync(tmp, file);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {}
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Replace a file atomically with what `fill` writes to a temp file beside it (same directory,
 * so the rename stays on one file system); the temp file is removed if anything fails.
 */
export function atomicUpdate(file: string, fill: (tmp: string) => void): void {
  const tmp = join(dirname(file), `.${basename(file)}.mlbranch-${process.pid}.tmp`);
  try {
    fill(tmp);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
