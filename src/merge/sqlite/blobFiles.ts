import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlobReader } from "../../git/blobs.js";
import { isLfsPointer } from "../../git/blobs.js";
import { lfsContent } from "../../git/lfs.js";

/** Paths the SQLite driver handles by default (the .gitattributes.template lines). */
export const SQLITE_FILE = /\.(db|sqlite|sqlite3)$/i;

const MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/** Blobs written to a temp folder as database files, removed by cleanup(). */
export class BlobFiles {
  private dir: string | null = null;
  private n = 0;
  constructor(
    private readonly cwd: string,
    private readonly blobs: BlobReader,
  ) {}

  /** The blob's database content (LFS resolved); null when absent or not an SQLite file. */
  content(oid: string, path: string): Buffer | null {
    let b = this.blobs.read(oid);
    if (isLfsPointer(b)) b = lfsContent(this.cwd, b, path) ?? Buffer.alloc(0);
    return b.length >= 100 && b.subarray(0, 16).equals(MAGIC) ? b : null;
  }

  /** Write bytes to a fresh temp file and return its path. */
  write(bytes: Buffer): string {
    this.dir ??= mkdtempSync(join(tmpdir(), "mlbranch-sqlite-"));
    const f = join(this.dir, `${this.n++}.db`);
    writeFileSync(f, bytes);
    return f;
  }

  /** Remove every file written. */
  cleanup(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
