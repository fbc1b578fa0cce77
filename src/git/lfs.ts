import { isLfsPointer } from "./blobs.js";
import { runGit } from "./execGit.js";

/** The real content behind an LFS pointer (`git lfs smudge`), or null when it cannot be had. */
export function lfsContent(cwd: string, pointer: Buffer, path: string): Buffer | null {
  if (!isLfsPointer(pointer)) return pointer;
  try {
    const r = runGit(["lfs", "smudge", "--", path], {
      cwd,
      input: pointer,
      okCodes: [1, 2, 128],
      env: { ...process.env, GIT_LFS_SKIP_SMUDGE: "0" },
    });
    if (r.code !== 0 || isLfsPointer(r.stdout)) return null;
    return r.stdout;
  } catch {
    return null;
  }
}

/** Store content as an LFS object (`git lfs clean`) and return its pointer. */
export function lfsClean(cwd: string, content: Buffer, path: string): Buffer {
  return runGit(["lfs", "clean", "--", path], { cwd, input: content }).stdout;
}
