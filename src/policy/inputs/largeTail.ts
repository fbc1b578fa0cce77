import { spawnSync } from "node:child_process";
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitEnv } from "../../git/execGit.js";
import { FORM_CHECKS, type FormProblem, markerKind } from "../../records/wellFormed.js";

// Appended bytes are judged this much at a time, each window ending at a record's end; a record
// that does not end within RECORD_MAX is refused as one (no merge driver holds it).
const WINDOW = 16 << 20;
/** The longest record an append may add when it is judged from its file. */
export const RECORD_MAX = 64 << 20;

/** What judging a large append found: a form problem (its line counted from the append), or a record too long. */
export type TailProblem =
  | { kind: "form"; problem: FormProblem; line: number }
  | { kind: "too-long"; line: number; bytes: number };

/**
 * Judge the bytes after `from` of a new version too large to hold (an append over the proof's
 * tail budget), window by window from its file: the work tree or LFS store file the proof read,
 * else the blob written to a temp file by git (no window larger than RECORD_MAX in memory).
 */
export function largeTailProblem(
  cwd: string,
  blob: string,
  file: string | undefined,
  driver: string,
  path: string,
  head: Buffer,
  from: number,
): TailProblem | null {
  let tmp: string | null = null;
  let fd = -1;
  try {
    if (!file) {
      tmp = mkdtempSync(join(tmpdir(), "mlbranch-tail-"));
      file = join(tmp, "blob");
      const out = openSync(file, "w");
      try {
        const r = spawnSync("git", ["cat-file", "blob", blob], {
          cwd,
          env: gitEnv(),
          stdio: ["ignore", out, "pipe"],
        });
        if (r.status !== 0) throw new Error(`git cat-file blob ${blob}: ${r.stderr}`);
      } finally {
        closeSync(out);
      }
    }
    fd = openSync(file, "r");
    return windows(fd, fstatSync(fd).size, driver, path, head, from);
  } finally {
    if (fd >= 0) closeSync(fd);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

function windows(
  fd: number,
  size: number,
  driver: string,
  path: string,
  head: Buffer,
  from: number,
): TailProblem | null {
  // A CSV header longer than the proof keeps (a wide feature table) is read from the file: the
  // rows of every window are held to its width.
  const headLine = head[head.length - 1] === 10 ? head : driver === "csv" ? firstLine(fd) : head;
  const quotes = driver === "csv";
  let line = 1; // of the appended records
  const markers = { open: null as number | null };
  for (let pos = from; pos < size; ) {
    let want = Math.min(WINDOW, size - pos);
    let buf: Buffer;
    let cut: number;
    for (;;) {
      buf = Buffer.allocUnsafe(headLine.length + want);
      headLine.copy(buf);
      const got = readSync(fd, buf, headLine.length, want, pos);
      buf = buf.subarray(0, headLine.length + got);
      cut = pos + got >= size ? buf.length : lastRecordEnd(buf, headLine.length, quotes);
      if (cut > headLine.length) break;
      if (want >= RECORD_MAX || pos + got >= size) return { kind: "too-long", line, bytes: got };
      want = Math.min(RECORD_MAX, want * 2, size - pos);
    }
    const part = buf.subarray(0, cut);
    // A conflict block may open in one window and close in a later one.
    const open = markerLine(part, headLine.length, line, markers);
    if (open !== null)
      return {
        kind: "form",
        problem: { kind: "markers", line: open, detail: "conflict markers" },
        line: open,
      };
    const p = FORM_CHECKS[driver](part, { from: headLine.length }, path);
    if (p) return { kind: "form", problem: p, line: line - 1 + p.line - (headLine.length ? 1 : 0) };
    for (let i = part.indexOf(10, headLine.length); i !== -1; i = part.indexOf(10, i + 1)) line++;
    pos += cut - headLine.length;
  }
  return null;
}

// The end of the last whole record in buf after `from`: after its last newline, and for CSV one
// outside any quoted field (an even number of quotes before it); `from` when there is none.
function lastRecordEnd(buf: Buffer, from: number, quotes: boolean): number {
  if (!quotes) {
    const nl = buf.lastIndexOf(10);
    return nl >= from ? nl + 1 : from;
  }
  let end = from;
  let odd = false;
  // The next quote, searched again only once passed (from every line it would scan the rest).
  let q = buf.indexOf(34, from);
  for (let at = from; at < buf.length; ) {
    const nl = buf.indexOf(10, at);
    if (nl === -1) break;
    for (; q !== -1 && q < nl; q = buf.indexOf(34, q + 1)) odd = !odd;
    if (!odd) end = nl + 1;
    at = nl + 1;
  }
  return end;
}

// The file's first line with its newline, read up to RECORD_MAX (none: an empty header).
function firstLine(fd: number): Buffer {
  for (let want = 1 << 20; ; want = Math.min(RECORD_MAX, want * 4)) {
    const buf = Buffer.allocUnsafe(want);
    const got = readSync(fd, buf, 0, want, 0);
    const nl = buf.subarray(0, got).indexOf(10);
    if (nl >= 0) return Buffer.from(buf.subarray(0, nl + 1));
    if (got < want || want >= RECORD_MAX) return Buffer.alloc(0);
  }
}

// Across windows: the appended line of the first `<<<<<<<` line once a `>>>>>>>` line follows it
// (as conflictMarkers reads one buffer), else null; `state.open` carries an unclosed one on.
function markerLine(
  part: Buffer,
  from: number,
  lineBase: number,
  state: { open: number | null },
): number | null {
  for (let at = from; ; ) {
    const i = part.indexOf(state.open === null ? "<<<<<<<" : ">>>>>>>", at);
    if (i < 0) return null;
    if (i === from || part[i - 1] === 10) {
      const nl = part.indexOf(10, i);
      const kind = markerKind(
        part.toString("utf8", i, Math.min(nl < 0 ? part.length : nl, i + 200)),
      );
      if (kind === "open" && state.open === null) {
        let n = lineBase;
        for (let k = part.indexOf(10, from); k !== -1 && k < i; k = part.indexOf(10, k + 1)) n++;
        state.open = n;
      } else if (kind === "close" && state.open !== null) return state.open;
    }
    at = i + 7;
  }
}
