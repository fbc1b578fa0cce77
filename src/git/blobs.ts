import { execGitBuffer, runGit } from "./execGit.js";

/** Reads blobs and their sizes, each at most once per process. */
export class BlobReader {
  private readonly cache = new Map<string, Buffer>();
  private readonly sizes = new Map<string, number>();
  private readonly commits = new Map<string, boolean>();
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

  /**
   * Read many blobs with one `git cat-file --batch` (a check of 1,000 commits must not start
   * 1,000 processes). Blobs above `maxBytes` in total are left to read() on demand.
   */
  prefetch(oids: string[], maxBytes = 256 * 1024 * 1024): void {
    const want = [...new Set(oids.filter((o) => !this.cache.has(o)))];
    if (want.length < 2) return;
    const sizes = this.sizeOf(want);
    let budget = maxBytes;
    const take = want.filter((o) => {
      const n = sizes.get(o) ?? 0;
      if (n > budget) return false;
      budget -= n;
      return true;
    });
    if (!take.length) return;
    const out = execGitBuffer(["cat-file", "--batch"], {
      cwd: this.cwd,
      input: take.join("\n") + "\n",
    });
    let pos = 0;
    while (pos < out.length) {
      const nl = out.indexOf(10, pos);
      if (nl < 0) break;
      const [oid, type, size] = out.subarray(pos, nl).toString("utf8").split(" ");
      if (type === "missing" || size === undefined) {
        pos = nl + 1;
        continue;
      }
      const n = Number(size);
      this.cache.set(oid, out.subarray(nl + 1, nl + 1 + n));
      pos = nl + 1 + n + 1;
    }
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
