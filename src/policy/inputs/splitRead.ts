import type { DataFormat } from "../../data/format.js";
import type { HashList } from "../../data/hashMasks.js";
import { type ChunkSink, type NewSource, readSource } from "../../git/appendProof.js";
import { lfsContent } from "../../git/lfs.js";
import { prefixJudge } from "../../git/prefixJudge.js";
import { debug, debugEnabled } from "../../io/debug.js";
import type { MlbranchError } from "../../io/errors.js";
import { IdStream } from "../../quality/split/idStream.js";
import type { Version } from "./splitVersions.js";

/** What one streamed read of a version gave. */
export interface VersionIds {
  /** The ids' hashes in file order (empty when read for strings). */
  hashes: HashList;
  /** For each older version proven to be a start of this one at a record boundary: ids before it. */
  prefixIds: Map<string, number>;
  error: MlbranchError | null;
}

/**
 * Read a version once, streaming: its ids, and which of `olds` (versions of the same file, no
 * larger) are its first bytes, each proven by hashing those bytes against the old id, never by
 * reading the old version (pieces are cut at `cuts`, by default the olds' sizes). A staged file
 * is read from the work tree when git sees it unchanged (Version.worktree), else from git.
 * Null when the bytes are not here.
 */
export async function readVersion(
  v: Version,
  format: DataFormat,
  key: string[],
  olds: Version[],
  onId?: (id: string, index: number) => void,
  cuts = olds.map((o) => o.size),
  cwd = "",
): Promise<VersionIds | null> {
  if (!v.source) {
    // Not in a local store: what `git lfs smudge` fetches, whole, as the rule always read it.
    const bytes = v.pointer && cwd ? lfsContent(cwd, v.pointer, v.path) : null;
    if (!bytes) return null;
    return readOnce(bytes, v, format, key, olds, cuts, onId);
  }
  const source = v.worktree ? { file: v.worktree, size: v.size } : v.source;
  return readOnce(source, v, format, key, olds, cuts, onId);
}

async function readOnce(
  source: NewSource | Buffer,
  v: Version,
  format: DataFormat,
  key: string[],
  olds: Version[],
  cuts: number[],
  onId: ((id: string, index: number) => void) | undefined,
): Promise<VersionIds> {
  const judges = olds.map((o) => ({ o, j: prefixJudge(o.identity), fed: 0, ok: true }));
  const ids = new IdStream(format, key, v.path, cuts, onId);
  const sink: ChunkSink = {
    push(chunk) {
      ids.push(chunk);
      for (const x of judges) {
        if (!x.ok || x.fed >= x.o.size) continue;
        const part = chunk.subarray(0, x.o.size - x.fed);
        x.ok = x.j.update(part);
        x.fed += part.length;
      }
    },
  };
  if (!Buffer.isBuffer(source)) await readSource(source, sink);
  else
    for (let i = 0; i < source.length; i += 4 << 20) sink.push(source.subarray(i, i + (4 << 20)));
  const hashes = ids.end();
  const prefixIds = new Map<string, number>();
  for (const x of judges) {
    const at = x.o.size === 0 ? 0 : ids.marks.get(x.o.size);
    if (x.ok && x.fed === x.o.size && x.j.matches() && at !== undefined) prefixIds.set(x.o.oid, at);
    x.j.close();
  }
  if (debugEnabled())
    debug(
      `split: read ${v.path} (${v.oid.slice(0, 10)}, ${v.size} bytes${Buffer.isBuffer(source) ? ", smudged" : "file" in source ? `, ${source.file}` : ""}): ${hashes.length} ids, ${prefixIds.size}/${olds.length} older versions proven its start`,
    );
  return { hashes, prefixIds, error: ids.error };
}
