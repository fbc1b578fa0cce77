import { spawn } from "node:child_process";
import type { DataFormat } from "../../data/format.js";
import { isLfsPointer } from "../../git/blobs.js";
import { gitEnv, runGit } from "../../git/execGit.js";
import { InputError } from "../../io/errors.js";
import { tableMsg } from "../../io/messages/tables.js";
import { ChunkFeeder } from "../../records/columns/chunks.js";
import { fileColumns, scannerFor, toColumns } from "../../records/columns/columns.js";
import type { Columns } from "../../records/columns/columnTypes.js";

/** A git command whose output is a table: `git cat-file blob`, or `git lfs smudge` of a pointer. */
export interface GitTable {
  cwd: string;
  args: string[];
  input?: Buffer;
  env?: Record<string, string>;
}

/** A table to read: a file or a git command's output (read by whoever parses it), or bytes. */
export interface TableBytes {
  file?: string;
  git?: GitTable;
  bytes?: Buffer;
  size: number;
  format: DataFormat;
  source: string;
}

function lfsMissing(t: TableBytes): InputError {
  return new InputError(tableMsg.lfsObjectMissing(t.source));
}

function gitFailed(t: TableBytes, stderr: string): InputError {
  if (t.git?.args[0] === "lfs") return lfsMissing(t);
  return new InputError(tableMsg.gitReadFailed(t.source, stderr.trim().split("\n")[0]));
}

/** The table's columns, read at once (a git table's output is collected first). */
export function tableColumns(t: TableBytes, only?: Set<string>): Columns {
  if (t.file) return fileColumns(t.file, t.format, t.source, only);
  let bytes = t.bytes as Buffer;
  if (t.git) {
    const g = t.git;
    const env = g.env ? { ...process.env, ...g.env } : undefined;
    const r = runGit(g.args, { cwd: g.cwd, input: g.input, env, okCodes: [1, 2, 128] });
    if (r.code !== 0) throw gitFailed(t, r.stderr);
    if (isLfsPointer(r.stdout) && g.args[0] === "lfs") throw lfsMissing(t);
    bytes = r.stdout;
  }
  return toColumns(bytes, t.format, t.source, only);
}

/**
 * The table's columns; a git table is parsed while git writes it, through one chunk buffer, so
 * neither the whole blob nor its decompression waits for the other.
 */
export async function tableColumnsAsync(t: TableBytes, only?: Set<string>): Promise<Columns> {
  if (!t.git) return tableColumns(t, only);
  const g = t.git;
  const child = spawn("git", g.args, {
    cwd: g.cwd,
    env: gitEnv(g.env ? { ...process.env, ...g.env } : process.env),
    stdio: ["pipe", "pipe", "pipe"],
    windowsHide: true,
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString("utf8");
  });
  const exit = new Promise<number>((res, rej) => {
    child.on("error", rej);
    child.on("close", (code) => res(code ?? 128));
  });
  exit.catch(() => {}); // awaited below; a parse error may leave before it settles
  child.stdin.on("error", () => {}); // git may exit before reading all of it; its code says why
  child.stdin.end(g.input);
  const feeder = new ChunkFeeder(scannerFor(t.format, t.source, only), t.size);
  // The first KiB is held back: a pointer where content was expected means a missing LFS object.
  const head: Buffer[] = [];
  let held = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      if (held <= 1024) {
        head.push(chunk);
        held += chunk.length;
        if (held > 1024) feeder.push(Buffer.concat(head));
      } else feeder.push(chunk);
    }
    if ((await exit) !== 0) throw gitFailed(t, stderr);
    if (held <= 1024) {
      const all = Buffer.concat(head);
      if (isLfsPointer(all) && g.args[0] === "lfs") throw lfsMissing(t);
      feeder.push(all);
    }
    return feeder.end();
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
