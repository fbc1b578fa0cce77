import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { debug, debugEnabled } from "../io/debug.js";
import { GitError } from "../io/errors.js";
import type { AppendProof } from "./appendProof.js";
import { execGitBuffer, gitEnv, runGit } from "./execGit.js";
import { sha1Hex } from "./sha1.js";

// Work tree files up to this size are read to learn a blob's size; larger ones are asked of git.
const WORKTREE_SIZE_READ = 1 << 20;
// A prefetch keeps blobs up to this size in memory; a larger one is streamed by who needs it
// (an append is proven by hashing, see appendProofs) or read on demand.
export const PREFETCH_BLOB_MAX = 16 * 1024 * 1024;

/** Reads blobs and their sizes, each at most once per process. */
export class BlobReader {
  private readonly cache = new Map<string, Buffer>();
  private readonly sizes = new Map<string, number>();
  private readonly commits = new Map<string, boolean>();
  private readonly atRev = new Map<string, string | null>();
  /** Appends proven by streaming (see appendProofs), by proofKey(old, new). */
  readonly proofs = new Map<string, AppendProof>();
  constructor(private readonly cwd: string) {}

  /** The blob's bytes when a prefetch or read already holds them, else undefined. */
  cached(oid: string): Buffer | undefined {
    return this.cache.get(oid);
  }

  /** The blob's bytes. */
  read(oid: string): Buffer {
    let b = this.cache.get(oid);
    if (!b) {
      b = execGitBuffer(["cat-file", "blob", oid], { cwd: this.cwd });
      this.cache.set(oid, b);
      this.sizes.set(oid, b.length);
    }
    return b;
  }

  /**
   * Read many blobs with one streamed `git cat-file --batch`: each blob is read once, and its
   * size comes from the same header (no separate size pass). Contents beyond `maxBytes` in
   * total are not kept (their sizes are); read() fetches those on demand.
   *
   * Two ways to need git less, both proven by the object id itself (git's hash of the bytes):
   * - `worktree` (oid -> file path): the index's blob is usually the work tree's file as it is;
   *   the file is read and hashed, and used when its id is the blob's.
   * - `prefixes` ([old, new] pairs): an old blob expected to be the start of a new one (an
   *   appended file) is looked for at the new one's last line ends and hashed there; a match
   *   is the old blob, with no read. Anything else falls back to cat-file.
   */
  async prefetch(
    oids: string[],
    opts: {
      maxBytes?: number;
      worktree?: ReadonlyMap<string, string>;
      prefixes?: readonly (readonly [string, string])[];
    } = {},
  ): Promise<void> {
    let budget = opts.maxBytes ?? 256 * 1024 * 1024;
    const keepAs = (oid: string, content: Buffer) => {
      this.cache.set(oid, content);
      this.sizes.set(oid, content.length);
      budget -= content.length;
    };
    if (opts.worktree)
      for (const oid of new Set(oids)) {
        if (this.cache.has(oid)) continue;
        const bytes = worktreeBlob(
          oid,
          opts.worktree.get(oid),
          Math.min(budget, PREFETCH_BLOB_MAX),
        );
        if (bytes) keepAs(oid, bytes);
      }
    // New versions first: an old blob is read only when its new one is held in memory and does
    // not start with it (a large new one is proven by streaming, see appendProofs).
    const prefixes = opts.prefixes ?? [];
    const missing = (list: string[]) => [...new Set(list.filter((o) => !this.cache.has(o)))];
    const batch = async (want: string[]) => {
      // One blob of known, small size: a plain read; otherwise the stream decides by its header.
      if (want.length === 1 && (this.sizes.get(want[0]) ?? Infinity) <= PREFETCH_BLOB_MAX) {
        this.read(want[0]);
        return;
      }
      if (want.length)
        await catFileBatch(
          this.cwd,
          want,
          (size) => size <= budget && size <= PREFETCH_BLOB_MAX,
          (oid, size, content) => {
            this.sizes.set(oid, size);
            if (content) keepAs(oid, content);
          },
        );
    };
    if (prefixes.length) await batch(missing(oids));
    const olds: string[] = [];
    for (const [old, now] of prefixes) {
      const bytes = this.cache.get(now);
      if (!bytes || this.cache.has(old)) continue;
      const at = prefixOf(bytes, old);
      if (at >= 0) keepAs(old, bytes.subarray(0, at));
      else olds.push(old);
    }
    await batch(missing(prefixes.length ? olds : oids));
  }

  /** Which of these object ids (full or abbreviated) name a commit this repository has. */
  commitsExist(ids: string[]): Map<string, boolean> {
    const want = [...new Set(ids)].filter((i) => !this.commits.has(i));
    const res = new Map<string, boolean>(ids.map((i) => [i, this.commits.get(i) ?? false]));
    if (!want.length) return res;
    const out = execGitBuffer(["cat-file", "--batch-check=%(objecttype)"], {
      cwd: this.cwd,
      input: want.map((i) => `${i}^{commit}`).join("\n") + "\n",
    })
      .toString("utf8")
      .split("\n");
    want.forEach((id, i) => {
      this.commits.set(id, out[i] === "commit");
      res.set(id, out[i] === "commit");
    });
    return res;
  }

  /**
   * Sizes of many blobs with one `git cat-file --batch-check`. With `worktree` (oid -> file), a
   * small work tree file whose id is the blob's gives its size with no git process (a commit of
   * a few files pays more for starting git than for reading them).
   */
  sizeOf(oids: string[], worktree?: ReadonlyMap<string, string>): Map<string, number> {
    if (worktree)
      for (const oid of oids) {
        if (this.sizes.has(oid)) continue;
        const bytes = worktreeBlob(oid, worktree.get(oid), WORKTREE_SIZE_READ);
        if (bytes) this.sizes.set(oid, bytes.length);
      }
    const missing = [...new Set(oids.filter((o) => !this.sizes.has(o)))];
    if (missing.length) {
      const out = execGitBuffer(["cat-file", "--batch-check=%(objectname) %(objectsize)"], {
        cwd: this.cwd,
        input: missing.join("\n") + "\n",
      }).toString("utf8");
      for (const line of out.split("\n")) {
        const [oid, size] = line.split(" ");
        if (oid && size && /^\d+$/.test(size)) this.sizes.set(oid, Number(size));
      }
    }
    return new Map(oids.map((o) => [o, this.sizes.get(o) ?? 0]));
  }

  /** The blob at `path` in `rev` (a commit or tree), or null when the path is absent there. */
  oidAt(rev: string, path: string): string | null {
    return this.oidsAt(rev, [path]).get(path) ?? null;
  }

  /**
   * The objects at several paths of `rev`, in one `git ls-tree` per 500 paths (a merge bringing
   * 50 files asks once, not 50 times); null where a path is absent. Answers are kept.
   */
  oidsAt(rev: string, paths: string[]): Map<string, string | null> {
    const ask = [...new Set(paths.filter((p) => !this.atRev.has(`${rev}\0${p}`)))];
    for (let i = 0; i < ask.length; i += 500) {
      const part = ask.slice(i, i + 500);
      const r = runGit(
        ["--literal-pathspecs", "ls-tree", "-z", "--full-tree", rev, "--", ...part],
        {
          cwd: this.cwd,
        },
      );
      const found = new Map<string, string>();
      // "<mode> <type> <oid>\t<path>"
      for (const e of r.stdout.toString("utf8").split("\0")) {
        const tab = e.indexOf("\t");
        if (tab > 0) found.set(e.slice(tab + 1), e.slice(0, tab).split(" ")[2]);
      }
      for (const p of part) this.atRev.set(`${rev}\0${p}`, found.get(p) ?? null);
    }
    return new Map(paths.map((p) => [p, this.atRev.get(`${rev}\0${p}`) ?? null]));
  }
}

/**
 * The work tree file's bytes when its git id is `oid` (so they are the blob's), else null: no
 * file, over `limit` bytes (never read then), unreadable, or other bytes (line-ending conversion,
 * filters, a change made after staging). Then git has to answer.
 */
function worktreeBlob(oid: string, file: string | undefined, limit: number): Buffer | null {
  if (!file) return null;
  let fd = -1;
  try {
    fd = openSync(file, "r");
    const size = fstatSync(fd).size;
    if (size > limit) return null;
    const bytes = Buffer.allocUnsafe(size);
    let got = 0;
    for (let n = 1; got < size && n > 0; got += n) n = readSync(fd, bytes, got, size - got, null);
    if (got !== size) return null;
    return blobId(bytes, oid.length) === oid ? bytes : null;
  } catch {
    return null; // gone, a folder or a symlink to nowhere
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

// Up to this size a blob's id is computed in JavaScript; node:crypto loads only for larger ones.
const SMALL_BLOB = 64 * 1024;
let cryptoModule: typeof import("node:crypto") | undefined;
const crypto = () => {
  // process.getBuiltinModule (Node 20.16+): a plain lookup, no import at start.
  cryptoModule ??= (
    process as unknown as { getBuiltinModule(id: string): typeof import("node:crypto") }
  ).getBuiltinModule("node:crypto");
  return cryptoModule;
};

/** git's object id of a blob with these bytes (SHA-1, or SHA-256 for 64-digit ids). */
export function blobId(bytes: Buffer, idLength = 40, length = bytes.length): string {
  if (idLength === 40 && length <= SMALL_BLOB) return sha1Hex(`blob ${length}\0`, bytes, length);
  return crypto()
    .createHash(idLength === 64 ? "sha256" : "sha1")
    .update(`blob ${length}\0`)
    .update(length === bytes.length ? bytes : bytes.subarray(0, length))
    .digest("hex");
}

/**
 * Where `bytes` has blob `oid` as its start, looked for at its last line ends (after each of the
 * last newlines, then just before them, for an old file without a final newline): -1 when none
 * is. The search hashes at most about twice the bytes: a file that was not appended to costs
 * little more than one read.
 */
export function prefixOf(bytes: Buffer, oid: string): number {
  const ends: number[] = [];
  let hashed = 0;
  for (let i = bytes.length - 2; i >= 0 && ends.length < 16; ) {
    const nl = bytes.lastIndexOf(0x0a, i);
    if (nl < 0) break;
    ends.push(nl + 1);
    i = nl - 1;
  }
  const candidates = [...ends, ...ends.map((e) => e - 1)];
  for (const at of candidates) {
    if (hashed > 2 * bytes.length + 65536) break;
    hashed += at;
    if (blobId(bytes, oid.length, at) === oid) return at;
  }
  return -1;
}

const LFS_HEADER = Buffer.from("version https://git-lfs.github.com/spec/v1\n");

/** True when the bytes are a Git LFS pointer file rather than content. */
export function isLfsPointer(buf: Buffer): boolean {
  return buf.length < 1024 && buf.subarray(0, LFS_HEADER.length).equals(LFS_HEADER);
}

/**
 * Stream `git cat-file --batch` for `oids`, calling `take(oid, size, content)` per object found
 * (missing ones are skipped). `keep(size)`, asked at each object's header, says whether its
 * content is wanted. One that is not and is small is read past as git writes it; a large one
 * (a 400 MB data file would cost git over a second to inflate, for nothing) stops git at its
 * header, and a new `cat-file --batch` goes on with the objects after it.
 */
export async function catFileBatch(
  cwd: string,
  oids: string[],
  keep: (size: number) => boolean,
  take: (oid: string, size: number, content: Buffer | null) => void,
): Promise<void> {
  for (let rest: string[] | null = oids; rest?.length; )
    rest = await catFileBatchOnce(cwd, rest, keep, take);
}

// Past this size an unwanted object is cheaper to skip by starting git again than to read past.
const SKIP_BY_RESTART = 4 << 20;

/** One `cat-file --batch`; returns the objects still to read when it stopped early, else null. */
function catFileBatchOnce(
  cwd: string,
  oids: string[],
  keep: (size: number) => boolean,
  take: (oid: string, size: number, content: Buffer | null) => void,
): Promise<string[] | null> {
  const t = debugEnabled() ? performance.now() : 0;
  return new Promise((resolve, reject) => {
    // node:child_process only when a batch runs (execGit.ts says why).
    const { spawn } = (
      process as unknown as { getBuiltinModule(id: string): typeof import("node:child_process") }
    ).getBuiltinModule("node:child_process");
    const child = spawn("git", ["cat-file", "--batch"], {
      cwd,
      env: gitEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let state: "header" | "content" | "newline" = "header";
    let head = Buffer.alloc(0); // a header line split across chunks
    let oid = "";
    let size = 0;
    let left = 0;
    let parts: Buffer[] | null = null;
    let stderr = "";
    let item = 0; // objects whose header came
    let stoppedAt = -1; // set when git was stopped at a large unwanted object
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    child.stdout.on("data", (buf: Buffer) => {
      if (stoppedAt >= 0) return;
      let pos = 0;
      while (pos < buf.length) {
        if (state === "header") {
          const nl = buf.indexOf(10, pos);
          if (nl < 0) {
            head = Buffer.concat([head, buf.subarray(pos)]);
            return;
          }
          const line = Buffer.concat([head, buf.subarray(pos, nl)]).toString("utf8");
          head = Buffer.alloc(0);
          pos = nl + 1;
          const [o, type, s] = line.split(" ");
          item++;
          if (type === "missing" || type === "ambiguous" || s === undefined) continue;
          [oid, size, left] = [o, Number(s), Number(s)];
          parts = keep(size) ? [] : null;
          if (!parts && size > SKIP_BY_RESTART) {
            take(oid, size, null);
            stoppedAt = item;
            child.kill();
            return;
          }
          state = left > 0 ? "content" : "newline";
        } else if (state === "content") {
          const n = Math.min(left, buf.length - pos);
          parts?.push(buf.subarray(pos, pos + n));
          left -= n;
          pos += n;
          if (left === 0) state = "newline";
        } else {
          pos += 1; // the newline git writes after each object's content
          take(oid, size, parts ? Buffer.concat(parts) : null);
          parts = null;
          state = "header";
        }
      }
    });
    child.on("error", (e) => reject(new GitError(["cat-file", "--batch"], null, e.message)));
    child.on("close", (code, signal) => {
      if (t)
        debug(
          `git cat-file --batch, ${stoppedAt >= 0 ? `stopped at a ${size}-byte object after ${stoppedAt} of ${oids.length}` : `${oids.length} objects streamed`} -> exit ${code ?? signal}`,
          performance.now() - t,
        );
      if (stoppedAt >= 0) resolve(oids.slice(stoppedAt));
      else if (code !== 0)
        reject(new GitError(["cat-file", "--batch"], code, stderr || `killed by ${signal}`));
      else if (state !== "header" || head.length)
        reject(new GitError(["cat-file", "--batch"], code, "its output ended inside an object"));
      else resolve(null);
    });
    child.stdin.on("error", () => {}); // git exiting early is reported by "close"
    child.stdin.end(`${oids.join("\n")}\n`);
  });
}
