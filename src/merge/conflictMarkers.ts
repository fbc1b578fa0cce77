import { closeSync, openSync, readSync } from "node:fs";

const CHUNK = 4 << 20;

/** True when a file has a line starting with `<` × markerSize and one with `>` × markerSize. */
export function hasConflictMarkers(file: string, markerSize: number): boolean {
  const open = Buffer.from(`\n${"<".repeat(markerSize)}`);
  const close = Buffer.from(`\n${">".repeat(markerSize)}`);
  let sawOpen = false;
  const fd = openSync(file, "r");
  try {
    // The buffer starts with "\n" so a marker on the first line is found too; chunks overlap by
    // the marker's length so a marker split between two reads is not missed.
    const buf = Buffer.allocUnsafe(CHUNK + open.length);
    buf[0] = 10;
    let keep = 1;
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, keep, CHUNK, pos);
      if (n <= 0) return false;
      const view = buf.subarray(0, keep + n);
      if (!sawOpen) sawOpen = view.includes(open);
      if (sawOpen && view.includes(close)) return true;
      pos += n;
      keep = Math.min(open.length, view.length);
      view.copy(buf, 0, view.length - keep);
    }
  } finally {
    closeSync(fd);
  }
}
