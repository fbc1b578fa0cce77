import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from "node:fs";
import { isLfsPointer } from "../../git/blobs.js";
import { runGit } from "../../git/execGit.js";
import { lfsContent } from "../../git/lfs.js";
import { InputError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";

/** True when the file is a Git LFS pointer rather than the database itself. */
export function isPointerFile(path: string, role: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new InputError(sqliteMsg.unreadable(role, path, (e as Error).message));
  }
  try {
    const b = Buffer.alloc(1024);
    const n = readSync(fd, b, 0, 1024, 0);
    return n < 1024 && isLfsPointer(b.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/** Write the real content behind an LFS pointer file to `to`; InputError when it is not local. */
export function smudgeTo(
  cwd: string,
  pointerFile: string,
  path: string,
  role: string,
  to: string,
): void {
  const content = lfsContent(cwd, readFileSync(pointerFile), path);
  if (!content) throw new InputError(sqliteMsg.lfsMissing(path, role));
  writeFileSync(to, content);
}

/** Store a file's content in LFS (`git lfs clean`) and write its pointer over `out` atomically. */
export function cleanToPointer(cwd: string, contentFile: string, path: string, out: string): void {
  const pointer = runGit(["lfs", "clean", "--", path], {
    cwd,
    input: readFileSync(contentFile),
  }).stdout;
  const tmp = `${out}.mlbranch-pointer.tmp`;
  writeFileSync(tmp, pointer);
  renameSync(tmp, out);
}
