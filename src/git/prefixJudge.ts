import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { debug } from "../io/debug.js";

/** How the old version is named: a git blob id, or a Git LFS object id (SHA-256 of the bytes). */
export interface OldIdentity {
  oid: string;
  size: number;
  lfs: boolean;
  /**
   * A local file said to hold the old bytes as they are (a Git LFS store's object, named by its
   * oid), or undefined: then the new version's first `size` bytes are hashed instead.
   */
  file?: string;
}

/** Judges the new version's first n bytes, fed in order, against the old version's bytes. */
export interface PrefixJudge {
  /** How: "compare" reads the old object's bytes beside the new ones, "hash" hashes the new. */
  readonly by: "compare" | "hash";
  /** The next piece of the new version's first n bytes; false once they are known to differ. */
  update(piece: Buffer): boolean;
  /** True when every one of the n bytes fed matched. */
  matches(): boolean;
  /** Releases the old object's file, if one was opened. */
  close(): void;
}

const PIECE = 4 << 20;

// git names a blob by SHA-1 (or SHA-256) of `blob <n>\0` and its bytes, Git LFS an object by
// SHA-256 of its bytes: hashing the first n bytes proves the prefix without the old bytes.
class HashJudge implements PrefixJudge {
  readonly by = "hash";
  private readonly hash;
  constructor(private readonly old: OldIdentity) {
    const crypto = (
      process as unknown as { getBuiltinModule(id: string): typeof import("node:crypto") }
    ).getBuiltinModule("node:crypto");
    this.hash = crypto.createHash(old.lfs || old.oid.length === 64 ? "sha256" : "sha1");
    if (!old.lfs) this.hash.update(`blob ${old.size}\0`);
  }
  update(piece: Buffer): boolean {
    this.hash.update(piece);
    return true;
  }
  matches(): boolean {
    return this.hash.digest("hex") === this.old.oid;
  }
  close(): void {}
}

// The old bytes side by side with the new: a memcmp per piece instead of a hash, and the first
// difference ends the read. Reading the old object costs about what `cat` does, far under
// SHA-256 (see docs/benchmarks.md, "Data at scale").
class CompareJudge implements PrefixJudge {
  readonly by = "compare";
  private pos = 0;
  private differs = false;
  private readonly buf: Buffer;
  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(PIECE, Math.max(size, 1)));
  }
  update(piece: Buffer): boolean {
    for (let at = 0; at < piece.length && !this.differs; ) {
      const want = Math.min(this.buf.length, piece.length - at);
      const got = readSync(this.fd, this.buf, 0, want, this.pos);
      // A shorter read than asked means the file shrank under us: not the old version.
      if (got <= 0 || !this.buf.subarray(0, got).equals(piece.subarray(at, at + got)))
        this.differs = true;
      at += got;
      this.pos += got;
    }
    return !this.differs;
  }
  matches(): boolean {
    return !this.differs && this.pos === this.size;
  }
  close(): void {
    closeSync(this.fd);
  }
}

/**
 * The cheapest honest judge for `old`: a byte comparison against its local copy when there is
 * one whose size is the one the pointer names (the check git-lfs itself makes before it uses a
 * stored object: its store is filled only with objects whose SHA-256 it verified, and each file
 * is named by its oid), else a hash of the new bytes against the old id.
 */
export function prefixJudge(old: OldIdentity): PrefixJudge {
  if (old.file) {
    let fd: number | null = null;
    try {
      fd = openSync(old.file, "r");
      const st = fstatSync(fd);
      if (st.isFile() && st.size === old.size) return new CompareJudge(fd, old.size);
      debug(`${old.file} is ${st.size} bytes, its pointer says ${old.size}: hashing instead`);
    } catch (e) {
      debug(`${old.file} cannot be read (${(e as Error).message}): hashing instead`);
    }
    if (fd !== null) closeSync(fd);
  }
  return new HashJudge(old);
}
