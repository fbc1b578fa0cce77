import type { DataFormat } from "../../data/format.js";
import { readSource } from "../../git/appendProof.js";
import { type PrefixJudge, prefixJudge } from "../../git/prefixJudge.js";
import { debug, debugEnabled } from "../../io/debug.js";
import type { MlbranchError } from "../../io/errors.js";
import { IdStream } from "../../quality/split/idStream.js";
import type { Version } from "./splitVersions.js";

/** What one streamed read of a version gave. */
export interface VersionIds {
  /** The ids' hashes in file order (empty when read for strings). */
  hashes: Float64Array;
  /** For each older version proven to be a start of this one at a record boundary: ids before it. */
  prefixIds: Map<string, number>;
  error: MlbranchError | null;
}

/**
 * Read a version once, streaming: its ids, and which of `olds` (versions of the same file, no
 * larger) are its first bytes (pieces are cut at `cuts`, by default their sizes), each proven by hashing those bytes against the old id, never by
 * reading the old version. A staged file is read from the work tree when its git id, computed
 * on the same read, is the staged blob's; else from git. Null when the bytes are not here.
 */
export async function readVersion(
  v: Version,
  format: DataFormat,
  key: string[],
  olds: Version[],
  onId?: (id: string, index: number) => void,
  cuts = olds.map((o) => o.size),
): Promise<VersionIds | null> {
  if (!v.source) return null;
  if (v.worktree) {
    const self = prefixJudge({ oid: v.oid, size: v.size, lfs: false });
    const r = await readOnce(
      { file: v.worktree, size: v.size },
      v,
      format,
      key,
      olds,
      cuts,
      onId,
      self,
    );
    if (r) return r;
  }
  return readOnce(v.source, v, format, key, olds, cuts, onId, null);
}

async function readOnce(
  source: NonNullable<Version["source"]>,
  v: Version,
  format: DataFormat,
  key: string[],
  olds: Version[],
  cuts: number[],
  onId: ((id: string, index: number) => void) | undefined,
  self: PrefixJudge | null,
): Promise<VersionIds | null> {
  const judges = olds.map((o) => ({ o, j: prefixJudge(o.identity), fed: 0, ok: true }));
  const ids = new IdStream(format, key, v.path, cuts, onId);
  await readSource(source, {
    push(chunk) {
      self?.update(chunk);
      ids.push(chunk);
      for (const x of judges) {
        if (!x.ok || x.fed >= x.o.size) continue;
        const part = chunk.subarray(0, x.o.size - x.fed);
        x.ok = x.j.update(part);
        x.fed += part.length;
      }
    },
  });
  // A work tree file changed since `git add` is not the staged blob: the caller asks git.
  if (self && !self.matches()) return null;
  const hashes = ids.end();
  const prefixIds = new Map<string, number>();
  for (const x of judges) {
    const at = x.o.size === 0 ? 0 : ids.marks.get(x.o.size);
    if (x.ok && x.fed === x.o.size && x.j.matches() && at !== undefined) prefixIds.set(x.o.oid, at);
    x.j.close();
  }
  if (debugEnabled())
    debug(
      `split: read ${v.path} (${v.oid.slice(0, 10)}, ${v.size} bytes${"file" in source ? `, ${source.file}` : ""}): ${hashes.length} ids, ${prefixIds.size}/${olds.length} older versions proven its start`,
    );
  return { hashes, prefixIds, error: ids.error };
}
