import {
  closeSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlobReader } from "../../git/blobs.js";
import { isLfsPointer } from "../../git/blobs.js";
import { runGit } from "../../git/execGit.js";
import { lfsObjectFile, lfsPointer } from "../../git/lfs.js";

/** Paths the SQLite driver handles by default (the .gitattributes.template lines). */
export const SQLITE_FILE = /\.(db|sqlite|sqlite3)$/i;

const MAGIC = Buffer.from("SQLite format 3\0", "latin1");
// A blob under this size may be an LFS pointer (git-lfs writes them well under 1 KiB).
const MAX_POINTER = 1024;

// One BlobFiles per check (per BlobReader): a version several commits or parents share is
// read once; the engine's BlobReader.close() removes the temp files.
const perCheck = new WeakMap<BlobReader, BlobFiles>();

/**
 * Database versions as files SQLite opens read-only and immutable (no -journal or -wal is ever
 * made beside them), each read at most once per check and never held in memory: an LFS object
 * is opened where the store keeps it, a staged work tree file (proven unchanged since `git add`)
 * in place, any other blob streamed by `git cat-file` into a temp file.
 */
export class BlobFiles {
  private dir: string | null = null;
  private n = 0;
  private readonly files = new Map<string, string | null>();
  private readonly missing = new Set<string>();
  private constructor(
    private readonly cwd: string,
    private readonly blobs: BlobReader,
  ) {}

  /** The check's BlobFiles (one per BlobReader), removed when the reader is closed. */
  static of(cwd: string, blobs: BlobReader): BlobFiles {
    let f = perCheck.get(blobs);
    if (!f) {
      const made = new BlobFiles(cwd, blobs);
      blobs.atClose(() => made.cleanup());
      perCheck.set(blobs, made);
      f = made;
    }
    return f;
  }

  /**
   * A file with the blob's database content (LFS resolved), or null when it is not an SQLite
   * file or its LFS object cannot be had (then lfsMissing() says so). `inPlace`: asked only for
   * a blob too big to be a pointer, a work tree file proven to hold this blob, if there is one.
   */
  file(oid: string, path: string, inPlace?: () => string | undefined): string | null {
    let f = this.files.get(oid);
    if (f === undefined) {
      f = this.resolve(oid, path, inPlace);
      this.files.set(oid, f);
    }
    return f;
  }

  /** True when the blob is an LFS pointer whose object is neither stored here nor fetchable. */
  lfsMissing(oid: string): boolean {
    return this.missing.has(oid);
  }

  private resolve(oid: string, path: string, inPlace?: () => string | undefined): string | null {
    const size = this.blobs.sizeOf([oid]).get(oid) ?? 0;
    if (size < MAX_POINTER) {
      const b = this.blobs.read(oid);
      if (!isLfsPointer(b)) return isDatabase(b) ? this.write(b) : null;
      const f = this.lfsFile(b, path);
      if (f === undefined) this.missing.add(oid);
      return f ?? null;
    }
    const here = inPlace?.();
    if (here && sizeOf(here) === size && isDatabaseFile(here)) return here;
    const held = this.blobs.cached(oid);
    if (held) return isDatabase(held) ? this.write(held) : null;
    const f = this.temp();
    this.stream(f, ["cat-file", "blob", oid]);
    return isDatabaseFile(f) ? f : this.drop(f);
  }

  // An LFS object: its store file as it is (the store names it by its hash, git-lfs checked it
  // as it came in); else `git lfs smudge`, which may fetch it, streamed to a temp file.
  // undefined: the object is not to be had.
  private lfsFile(pointer: Buffer, path: string): string | null | undefined {
    const p = lfsPointer(pointer);
    if (!p) return undefined;
    const stored = lfsObjectFile(this.cwd, p.oid);
    // A stored object of another size than its pointer names is not that object: missing.
    if (stored)
      return sizeOf(stored) !== p.size ? undefined : isDatabaseFile(stored) ? stored : null;
    const f = this.temp();
    try {
      const r = this.stream(f, ["lfs", "smudge", "--", path], pointer);
      if (r === 0) return isDatabaseFile(f) ? f : this.drop(f);
    } catch {
      // git-lfs absent or failing: the object is not to be had here
    }
    this.drop(f);
    return undefined;
  }

  // git's stdout goes straight into the file: nothing of it passes through this process.
  private stream(to: string, args: string[], input?: Buffer): number {
    const fd = openSync(to, "w");
    try {
      return runGit(args, {
        cwd: this.cwd,
        input,
        stdoutFd: fd,
        okCodes: input ? [1, 2, 128] : [],
        env: input ? { ...process.env, GIT_LFS_SKIP_SMUDGE: "0" } : undefined,
      }).code;
    } finally {
      closeSync(fd);
    }
  }

  private write(bytes: Buffer): string {
    const f = this.temp();
    writeFileSync(f, bytes);
    return f;
  }

  private temp(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), "mlbranch-sqlite-"));
    return join(this.dir, `${this.n++}.db`);
  }

  private drop(f: string): null {
    rmSync(f, { force: true });
    return null;
  }

  /** Remove every temp file written (store and work tree files are never touched). */
  cleanup(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.files.clear();
  }
}

const isDatabase = (b: Buffer) => b.length >= 100 && b.subarray(0, 16).equals(MAGIC);

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

// The file starts with SQLite's header (read: its first 100 bytes only).
function isDatabaseFile(file: string): boolean {
  let fd = -1;
  try {
    fd = openSync(file, "r");
    const b = Buffer.alloc(100);
    return readSync(fd, b, 0, 100, 0) === 100 && isDatabase(b);
  } catch {
    return false;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
