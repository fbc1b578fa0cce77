import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";

/**
 * Reads whole files one after another into one buffer it reuses, so that a caller which keeps
 * only parts of each (copied out) holds one file's bytes at a time, not all of them. The bytes
 * a read returns are valid until the next read.
 */
export class ScratchReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly reserve: number;

  /** `files`: those to be read, so that one buffer fits the largest (no second allocation). */
  constructor(files: string[] = []) {
    this.reserve = Math.max(0, ...files.map((f) => statSync(f).size));
  }

  /** The file's bytes, in the shared buffer (copy what must outlive the next read). */
  read(file: string): Buffer {
    const fd = openSync(file, "r");
    try {
      const size = fstatSync(fd).size;
      // Not from Node's pool, and grown only when a file is bigger than all before.
      if (size > this.buf.length) this.buf = Buffer.allocUnsafeSlow(Math.max(size, this.reserve));
      let got = 0;
      while (got < size) {
        const n = readSync(fd, this.buf, got, size - got, null);
        if (n === 0) break;
        got += n;
      }
      return this.buf.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }
}
