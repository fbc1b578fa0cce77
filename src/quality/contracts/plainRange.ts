import { isAscii } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import type { RowReader } from "./rowReader.js";

const QUOTE = 34;

/**
 * Push bytes [from, to) of a file (from at a line start) through a reader a few MiB at a time,
 * cut at line ends, while they are ASCII without a quote: such text reads the same whatever the
 * cuts (decode() gives latin1 for ASCII, and a line end always ends a row). False, having
 * pushed only part, at the first piece that is not: the caller then reads the file whole.
 */
export function readPlainRange(path: string, from: number, to: number, reader: RowReader): boolean {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    let pos = from;
    let have = 0;
    while (pos < to) {
      const n = readSync(fd, buf, have, Math.min(buf.length - have, to - pos), pos);
      if (n === 0) break;
      pos += n;
      have += n;
      const cut = pos >= to ? have : buf.lastIndexOf(10, have - 1) + 1;
      if (cut === 0) {
        // A line longer than the buffer: not worth a special case here.
        if (have === buf.length) return false;
        continue;
      }
      const piece = buf.subarray(0, cut);
      if (!isAscii(piece) || piece.indexOf(QUOTE) !== -1) return false;
      reader.push(piece.toString("latin1"));
      buf.copy(buf, 0, cut, have);
      have -= cut;
    }
    reader.end();
    return true;
  } finally {
    closeSync(fd);
  }
}

/** The number of line ends in bytes [from, to) of a file. */
export function countLines(path: string, from: number, to: number): number {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    let lines = 0;
    for (let pos = from; pos < to; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
      if (n === 0) break;
      pos += n;
      for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    }
    return lines;
  } finally {
    closeSync(fd);
  }
}
