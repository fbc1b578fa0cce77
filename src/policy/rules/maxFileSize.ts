import { runGit } from "../../git/execGit.js";
import { ruleMsg } from "../../io/messages/rules.js";
import type { Rule } from "../types.js";
import { violation } from "../violation.js";

function hasLfsFilter(cwd: string, path: string): boolean {
  const r = runGit(["check-attr", "--cached", "-z", "filter", "--", path], {
    cwd,
    okCodes: [1, 128],
  });
  return r.code === 0 && r.stdout.toString("utf8").split("\0")[2] === "lfs";
}

/**
 * maxFileSize: a blob stored in git above N bytes is refused. A file tracked by Git LFS is
 * stored as a small pointer, so only files that bypass LFS trip this. Symlinks count too.
 */
export const maxFileSize: Rule = {
  id: "max-file-size",
  check(ctx) {
    const max = ctx.type.maxFileSize;
    if (!max) return [];
    // Every blob counts, whatever its mode: a 2 MiB "symlink" (120000) is stored like any file.
    // Only submodule entries (160000) name a commit, not a blob.
    const files = ctx.changes.filter((c) => c.newOid && c.status !== "D" && c.newMode !== "160000");
    if (!files.length) return [];
    const sizes = ctx.blobs.sizeOf(files.map((c) => c.newOid!));
    return files
      .filter((c) => (sizes.get(c.newOid!) ?? 0) > max)
      .map((c) =>
        violation(
          ctx,
          "max-file-size",
          c.path,
          ruleMsg.tooBig(
            c.path,
            sizes.get(c.newOid!)!,
            max,
            ctx.branch,
            ctx.typeName,
            ctx.staged && hasLfsFilter(ctx.cwd, c.path),
          ),
        ),
      );
  },
};
