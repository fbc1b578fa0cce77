import { closeSync, openSync, readSync } from "node:fs";

const CHUNK = 4 << 20;

/** Call `fn` for each line of a file region (text without "\n"; a final "\r" is kept), streaming. */
export function forEachLine(
  file: string,
  from: number,
  to: number,
  fn: (line: string) => boolean | undefined,
): boolean {
  const fd = openSync(file, "r");
  try {
    let pos = from;
    let rest: Buffer = Buffer.alloc(0);
    const buf = Buffer.allocUnsafe(CHUNK);
    while (pos < to) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, to - pos), pos);
      if (n <= 0) break;
      pos += n;
      const data = rest.length ? Buffer.concat([rest, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
        if (fn(data.toString("utf8", start, nl)) === false) return false;
        start = nl + 1;
      }
      rest = Buffer.from(data.subarray(start));
    }
    if (rest.length && fn(rest.toString("utf8")) === false) return false;
    return true;
  } finally {
    closeSync(fd);
  }
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

/** Length of the longest line-aligned byte prefix the three files share (ends after a "\n"). */
export function commonLinePrefix(a: string, b: string, c: string): number {
  const fds = [a, b, c].map((f) => openSync(f, "r"));
  try {
    const bufs = fds.map(() => Buffer.allocUnsafe(CHUNK));
    let aligned = 0;
    for (let pos = 0; ; pos += CHUNK) {
      const got = fds.map((fd, i) => readSync(fd, bufs[i], 0, CHUNK, pos));
      const n = Math.min(...got);
      let diff = 0;
      while (diff < n && bufs[0][diff] === bufs[1][diff] && bufs[0][diff] === bufs[2][diff]) {
        // Skip equal 64 KiB blocks with one native compare each.
        const end = Math.min(n, diff + 65536);
        const x = bufs[0].subarray(diff, end);
        if (x.equals(bufs[1].subarray(diff, end)) && x.equals(bufs[2].subarray(diff, end)))
          diff = end;
        else diff++;
      }
      const nl = bufs[0].lastIndexOf(10, diff - 1);
      if (diff > 0 && nl !== -1) aligned = pos + nl + 1;
      if (diff < CHUNK || n < CHUNK) return aligned;
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}
