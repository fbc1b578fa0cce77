import { execGitBuffer, runGit } from "./execGit.js";

/** Reads blobs and their sizes, each at most once per process. */
export class BlobReader {
  private readonly cache = new Map<string, Buffer>();
  private readonly sizes = new Map<string, number>();
  constructor(private readonly cwd: string) {}

  /** The blob's bytes. */
  read(oid: string): Buffer {
    let b = this.cache.get(oid);
    if (!b) {
      b = execGitBuffer(["cat-file", "blob", oid], { cwd: this.cwd });
      this.cache.set(oid, b);
    }
    return b;
  }

  /** Sizes of many blobs with one `git cat-file --batch-check`. */
  sizeOf(oids: string[]): Map<string, number> {
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
    const r = runGit(["ls-tree", "-z", "--full-tree", rev, "--", path], { cwd: this.cwd });
    const entry = r.stdout.toString("utf8").split("\0")[0];
    if (!entry) return null;
    // "<mode> <type> <oid>\t<path>"
    return entry.split("\t")[0].split(" ")[2] ?? null;
  }
}

const LFS_HEADER = Buffer.from("version https://git-lfs.github.com/spec/v1\n");

/** True when the bytes are a Git LFS pointer file rather than content. */
export function isLfsPointer(buf: Buffer): boolean {
  return buf.length < 1024 && buf.subarray(0, LFS_HEADER.length).equals(LFS_HEADER);
}
