import { spawnSync } from "node:child_process";
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitEnv } from "../../git/execGit.js";
import { FORM_CHECKS, type FormProblem } from "../../records/wellFormed.js";

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
  const headLine = head[head.length - 1] === 10 ? head : Buffer.alloc(0);
  const quotes = driver === "csv";
  let line = 1; // of the appended records
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
