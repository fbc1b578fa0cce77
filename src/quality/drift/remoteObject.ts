import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ReferenceSpec } from "../../config/referenceSpec.js";
import { isLfsPointer } from "../../git/blobs.js";
import { runGit } from "../../git/execGit.js";
import { lfsPointer } from "../../git/lfs.js";
import { cachedRev, ensureBlob } from "../../git/referenceCache.js";
import { cacheOverlay } from "../../git/referenceEnv.js";
import { MlbranchError, ReferenceUnreachableError, UsageError } from "../../io/errors.js";
import { referenceMsg } from "../../io/messages/references.js";
import { globPath } from "./revPath.js";

/** Where another repository's reference is, once cached: read `object` in `dir` with `env`. */
export interface RemoteObject {
  dir: string;
  object: string;
  env: Record<string, string>;
  /** True when this call used the network (the first time for this tag and file). */
  fetched: boolean;
}

/**
 * Fetch what `repo#rev:path` needs into the cache under the git directory of `cwd`, once: the
 * revision's commit and trees (shallow, no blobs), then the one blob the path names, then its
 * Git LFS object when it is a pointer. Later calls find all three there and use no network.
 */
export function remoteObject(
  cwd: string,
  r: ReferenceSpec & { repo: string },
  spec: string,
): RemoteObject {
  const c = cachedRev(cwd, r.repo, r.rev);
  let path: string;
  try {
    path = globPath(c.dir, c.commit, r.path, c.env);
  } catch (e) {
    if (!(e instanceof MlbranchError)) throw e;
    throw new UsageError(
      referenceMsg.notThere(spec, `matches no JSONL or CSV file in ${r.rev} of ${r.repo}`, r.rev),
    );
  }
  const ls = runGit(["ls-tree", "-z", c.commit, "--", path], { cwd: c.dir, env: c.env });
  const entry = ls.stdout.toString("utf8").split("\0")[0] ?? "";
  const m = /^\d+ blob ([0-9a-f]+)\t/.exec(entry);
  if (!m)
    throw new UsageError(
      referenceMsg.notThere(
        spec,
        `names ${path}, which ${r.rev} of ${r.repo} does not have`,
        r.rev,
      ),
    );
  const oid = m[1];
  let fetched = c.fetched;
  ensureBlob(c, r.repo, r.rev, oid);
  const size = Number(
    runGit(["cat-file", "-s", oid], { cwd: c.dir, env: c.env }).stdout.toString("utf8").trim(),
  );
  if (size < 1024) {
    const blob = runGit(["cat-file", "blob", oid], { cwd: c.dir, env: c.env }).stdout;
    const ptr = isLfsPointer(blob) ? lfsPointer(blob) : null;
    if (ptr && !existsSync(lfsFile(c.dir, ptr.oid))) {
      fetched = true;
      // git-lfs downloads the object into the cache's own store (lfs/objects); nothing else.
      const s = runGit([...c.args, "lfs", "smudge", "--", path], {
        cwd: c.dir,
        env: c.env,
        input: blob,
        okCodes: [1, 2, 128],
      });
      if (s.code !== 0 || !existsSync(lfsFile(c.dir, ptr.oid))) {
        const why = s.stderr.trim().split("\n").pop() || "git lfs smudge failed";
        throw new ReferenceUnreachableError(
          referenceMsg.lfsUnreachable(r.repo, path, why),
          r.repo,
          why,
        );
      }
    }
  }
  return { dir: c.dir, object: `${c.commit}:${path}`, env: cacheOverlay(c.dir), fetched };
}

const lfsFile = (dir: string, oid: string) =>
  join(dir, "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
