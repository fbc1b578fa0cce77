import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** Default window: a few images' worth, so a big notebook is never held whole. */
export const READ_WINDOW = 256 * 1024;

/**
 * A window of bytes over a file or a buffer, slid forward by its reader: `buf` holds the bytes
 * from `base` on, `total` is the whole length. A scanner that needs only a few pieces of a big
 * file at a time holds a window's worth, not the file (peak memory is a target of the drivers).
 */
export interface ByteWindow {
  buf: Buffer;
  base: number;
  readonly total: number;
  /**
   * Move the window to start at `buf[from]`, holding at least `atLeast` bytes (or all up to
   * the end); false when it already holds the end (nothing more to read). The old `buf` is
   * invalid after a slide.
   */
  slide(from: number, atLeast: number): boolean;
}

/** A window that is the whole buffer (a version smudged in memory, a test). */
export function bufferWindow(buf: Buffer): ByteWindow {
  return { buf, base: 0, total: buf.length, slide: () => false };
}

/** A window over a file read in pieces of `size` bytes (more when one piece needs more). */
export class FileWindow implements ByteWindow {
  buf: Buffer;
  base = 0;
  readonly total: number;
  private readonly fd: number;
  private space: Buffer;

  constructor(
    readonly file: string,
    size = READ_WINDOW,
  ) {
    this.fd = openSync(file, "r");
    try {
      this.total = fstatSync(this.fd).size;
      // Not from Node's pool: one allocation, reused while the window slides.
      this.space = Buffer.allocUnsafeSlow(Math.max(1, Math.min(size, this.total)));
      this.buf = this.space.subarray(0, 0);
      this.fill(0);
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  slide(from: number, atLeast: number): boolean {
    const end = this.base + this.buf.length;
    if (end >= this.total) return false;
    const keep = this.buf.length - from;
    const want = Math.min(Math.max(atLeast, this.space.length), this.total - this.base - from);
    if (want > this.space.length) {
      const grown = Buffer.allocUnsafeSlow(want);
      this.buf.copy(grown, 0, from);
      this.space = grown;
    } else this.buf.copy(this.space, 0, from);
    this.base += from;
    this.fill(keep);
    return true;
  }

  /** Close the file. */
  close(): void {
    closeSync(this.fd);
  }

  // Read after the `kept` bytes already at the front, up to the space or the end of the file.
  private fill(kept: number): void {
    const want = Math.min(this.space.length, this.total - this.base);
    let got = kept;
    while (got < want) {
      const n = readSync(this.fd, this.space, got, want - got, this.base + got);
      if (n === 0) throw new Error(`${this.file} changed while it was read`);
      got += n;
    }
    this.buf = this.space.subarray(0, got);
  }
}
