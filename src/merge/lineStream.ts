import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const CHUNK = 4 << 20;

/** Call `fn(start, end)` for each line of a chunk of whole lines (end excludes the "\n"). */
export function eachLine(bytes: Buffer, fn: (start: number, end: number) => boolean): boolean {
  for (let a = 0; a < bytes.length; ) {
    let e = bytes.indexOf(10, a);
    if (e === -1) e = bytes.length;
    if (!fn(a, e)) return false;
    a = e + 1;
  }
  return true;
}

/**
 * Call `fn` for the region [from, to) of a file in chunks of whole lines (the last may lack its
 * "\n"), as bytes: searching them natively (Buffer#indexOf) skips the cost of a string per line.
 * The buffer is reused: `fn` must not keep it. Returns false when `fn` did.
 */
export function forEachChunk(
  file: string,
  from: number,
  to: number,
  fn: (bytes: Buffer) => boolean | undefined,
  chunk = CHUNK,
): boolean {
  const fd = openSync(file, "r");
  try {
    // No larger than the region: fresh memory costs page faults to touch.
    let buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunk, to - from)));
    let kept = 0;
    for (let pos = from; pos < to; ) {
      // A line longer than the buffer: grow it.
      if (kept === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, kept);
        buf = bigger;
      }
      const n = readSync(fd, buf, kept, Math.min(buf.length - kept, to - pos), pos);
      if (n <= 0) break;
      pos += n;
      const len = kept + n;
      const end = pos >= to ? len : buf.lastIndexOf(10, len - 1) + 1;
      if (end > 0 && fn(buf.subarray(0, end)) === false) return false;
      kept = len - end;
      buf.copy(buf, 0, end, len);
    }
    if (kept > 0) return fn(buf.subarray(0, kept)) !== false;
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Number of lines in the first `to` bytes of a file (a last line without "\n" counts). */
export function countLines(file: string, to: number): number {
  let n = 0;
  let last = 10;
  forEachChunk(file, 0, to, (bytes) => {
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
    last = bytes[bytes.length - 1];
    return undefined;
  });
  return last === 10 ? n : n + 1;
}

/** Bytes [from, to) of a file. */
export function readRange(file: string, from: number, to: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(Math.max(0, to - from));
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, from + off);
      if (n <= 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Length of the longest line-aligned byte prefix the three files share (ends after a "\n"), and
 * how many times byte `count` occurs in it (-1: not counted), found on the same read.
 */
export function commonLinePrefix(
  a: string,
  b: string,
  c: string,
  count = -1,
): { prefix: number; count: number } {
  const fds = [a, b, c].map((f) => openSync(f, "r"));
  try {
    // Buffers no larger than the smallest file: fresh memory costs page faults to touch.
    const size = Math.max(1, Math.min(CHUNK, ...fds.map((fd) => fstatSync(fd).size)));
    const bufs = fds.map(() => Buffer.allocUnsafe(size));
    const occurrences = (from: number, to: number) => {
      let k = 0;
      for (
        let i = bufs[1].indexOf(count, from);
        i !== -1 && i < to;
        i = bufs[1].indexOf(count, i + 1)
      )
        k++;
      return k;
    };
    let aligned = 0;
    let counted = 0;
    // Occurrences after the last line end seen: they count once a later line end is shared.
    let pending = 0;
    for (let pos = 0; ; pos += size) {
      const got = fds.map((fd, i) => readSync(fd, bufs[i], 0, size, pos));
      const n = Math.min(...got);
      // Skip equal blocks with one native compare each, narrowing down to the first difference.
      let diff = 0;
      for (const step of [65536, 2048, 64, 1])
        while (diff < n) {
          const end = Math.min(n, diff + step);
          const x = bufs[0].subarray(diff, end);
          if (!x.equals(bufs[1].subarray(diff, end)) || !x.equals(bufs[2].subarray(diff, end)))
            break;
          diff = end;
        }
      const nl = diff > 0 ? bufs[0].lastIndexOf(10, diff - 1) : -1;
      if (nl !== -1) {
        aligned = pos + nl + 1;
        if (count >= 0) {
          counted += pending + occurrences(0, nl + 1);
          pending = occurrences(nl + 1, diff);
        }
      } else if (count >= 0) pending += occurrences(0, diff);
      if (diff < size || n < size) return { prefix: aligned, count: counted };
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

/** How many whole lines three buffers share at their start (the in-memory twin of the above). */
export function sharedLeadingLines(a: Buffer, b: Buffer, c: Buffer): number {
  const n = Math.min(a.length, b.length, c.length);
  let diff = 0;
  for (const step of [65536, 2048, 64, 1])
    while (diff < n) {
      const end = Math.min(n, diff + step);
      const x = a.subarray(diff, end);
      if (!x.equals(b.subarray(diff, end)) || !x.equals(c.subarray(diff, end))) break;
      diff = end;
    }
  let lines = 0;
  for (let i = a.indexOf(10); i !== -1 && i < diff; i = a.indexOf(10, i + 1)) lines++;
  return lines;
}
