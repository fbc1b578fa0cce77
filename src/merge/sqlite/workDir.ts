import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";

/** Folder under the git dir for the driver's temp files (never the work tree: `git add -A`). */
export const TEMP_FOLDER = "mlbranch-tmp";

// Temp files are named "<pid>-…" (the legacy ones beside %A ".<name>.mlbranch-<pid>…"): a file
// whose process is gone was left by a killed driver.
const OURS = /^(\d+)-/;
const LEGACY =
  /^\..+\.mlbranch-(?:lfs-)?(\d+)(?:\.tmp(?:-journal)?|\.(?:base|ours|theirs|result))$/;

/** The git dir of the repository holding `cwd` ($GIT_DIR, or .git found upward); null outside one. */
export function gitDirOf(cwd: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.GIT_DIR) return resolve(cwd, env.GIT_DIR);
  for (let d = resolve(cwd); ; d = dirname(d)) {
    const g = join(d, ".git");
    if (existsSync(g)) {
      if (statSync(g).isDirectory()) return g;
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(g, "utf8"));
      if (m) return isAbsolute(m[1]) ? m[1] : resolve(d, m[1]);
      return null;
    }
    if (dirname(d) === d) return null;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sweep(dir: string, pattern: RegExp): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = pattern.exec(n);
    if (m && !alive(Number(m[1]))) rmSync(join(dir, n), { force: true, recursive: true });
  }
}

let seq = 0;

/**
 * Temp files of one merge: under <git dir>/mlbranch-tmp (beside the result when there is no git
 * dir), with the leftovers of killed drivers removed first, there and beside the result.
 */
export class MergeTemp {
  readonly dir: string;
  private readonly made: string[] = [];
  constructor(cwd: string, near: string, tempDir?: string) {
    const git = tempDir ? null : gitDirOf(cwd);
    this.dir = tempDir ?? (git ? join(git, TEMP_FOLDER) : dirname(resolve(near)));
    if (git) {
      mkdirSync(this.dir, { recursive: true });
      sweep(this.dir, OURS);
    }
    sweep(dirname(resolve(near)), LEGACY);
  }

  /** A fresh temp path, removed by cleanup(). */
  file(name: string): string {
    const f = join(this.dir, `${process.pid}-${seq++}-${basename(name)}`);
    this.made.push(f, `${f}-journal`, `${f}-wal`, `${f}-shm`);
    return f;
  }

  /** Move a finished temp file over `to`, across file systems if need be (then via a copy beside it). */
  moveTo(from: string, to: string): void {
    try {
      renameSync(from, to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      const near = join(dirname(to), `.${basename(to)}.mlbranch-${process.pid}.tmp`);
      try {
        copyFileSync(from, near);
        renameSync(near, to);
      } finally {
        rmSync(near, { force: true });
      }
    }
  }

  /** Remove every temp file made. */
  cleanup(): void {
    for (const f of this.made) rmSync(f, { force: true });
  }
}
