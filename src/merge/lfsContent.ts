import { isLfsPointer } from "../git/blobs.js";
import { runGit } from "../git/execGit.js";
import { lfsContent } from "../git/lfs.js";

/** The real content behind an LFS pointer, or null when the object is absent. */
export function lfsSmudge(cwd: string, pointer: Buffer, path: string): Buffer | null {
  const c = lfsContent(cwd, pointer, path);
  return c && !isLfsPointer(c) ? c : null;
}

/** Store content as an LFS object (`git lfs clean`) and return its pointer. */
export function lfsClean(cwd: string, content: Buffer, path: string): Buffer {
  return runGit(["lfs", "clean", "--", path], { cwd, input: content }).stdout;
}
