import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanGitEnv } from "../../src/git/execGit.js";

/** The project checkout: tests must never run git in it. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The built CLI (npm test builds first). */
export const CLI = join(PROJECT_ROOT, "dist", "bin", "mlbranch.js");

/** Environment for git in a test repository: the caller's hook variables removed. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...cleanGitEnv(process.env),
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
    GIT_CONFIG_NOSYSTEM: "1",
    HUSKY: "0",
    ...extra,
  };
}

/** Result of a process run in a test repository. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command, never throwing on a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  cwd: string,
  opts: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Run {
  const r = spawnSync(cmd, args, {
    cwd,
    input: opts.input,
    env: opts.env ?? testEnv(),
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary git repository with small helpers; see withRepo. */
export interface Repo {
  dir: string;
  /** git, throwing with stderr on a non-zero exit; returns trimmed stdout. */
  git(...args: string[]): string;
  /** git, returning code, stdout and stderr. */
  tryGit(...args: string[]): Run;
  write(path: string, content: string | Buffer, mode?: number): void;
  read(path: string): string;
  rm(path: string): void;
  /** Stage everything and commit; returns the new sha. */
  commit(message: string, opts?: { allowEmpty?: boolean }): string;
  /** Run the built mlbranch CLI in this repository. */
  mlbranch(args: string[], opts?: { input?: string; env?: NodeJS.ProcessEnv }): Run;
}

/** Create a fresh repository in os.tmpdir() (init -b main, identity, no gpg, no gc). */
export function makeRepo(opts: { bare?: boolean; initialBranch?: string } = {}): Repo {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-test-")));
  if (dir.startsWith(PROJECT_ROOT))
    throw new Error("refusing to run tests inside the project checkout");
  const git = (...args: string[]) => {
    const r = run("git", args, dir);
    if (r.code !== 0) throw new Error(`git ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
    return r.stdout.trim();
  };
  git("init", "-q", "-b", opts.initialBranch ?? "main", ...(opts.bare ? ["--bare"] : []));
  // Identity, no gpg, no gc, no autocrlf: appended to the new config in one write, not six git
  // processes (every test starts here).
  appendFileSync(
    join(dir, opts.bare ? "" : ".git", "config"),
    "[user]\n\tname = Test\n\temail = test@example.com\n[commit]\n\tgpgSign = false\n" +
      "[tag]\n\tgpgSign = false\n[gc]\n\tauto = 0\n[core]\n\tautocrlf = false\n",
  );
  const repo: Repo = {
    dir,
    git,
    tryGit: (...args) => run("git", args, dir),
    write(path, content, mode) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      if (mode !== undefined) chmodSync(full, mode);
    },
    read: (path) => readFileSync(join(dir, path), "utf8"),
    rm: (path) => rmSync(join(dir, path), { force: true, recursive: true }),
    commit(message, o = {}) {
      git("add", "-A");
      git("commit", "-q", "--no-verify", ...(o.allowEmpty ? ["--allow-empty"] : []), "-m", message);
      return git("rev-parse", "HEAD");
    },
    mlbranch: (args, o = {}) => run(process.execPath, [CLI, ...args], dir, o),
  };
  return repo;
}

/** Give a test a fresh repository and remove it afterwards, whatever happens. */
export async function withRepo<T>(
  fn: (repo: Repo) => Promise<T> | T,
  opts?: { bare?: boolean; initialBranch?: string },
): Promise<T> {
  const repo = makeRepo(opts);
  try {
    return await fn(repo);
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
}

/** Git LFS in `repo` (git lfs install --local); skip the test with `missing("git-lfs")`. */
export function useLfs(repo: Repo): void {
  repo.git("lfs", "install", "--local");
}
