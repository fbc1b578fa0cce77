import { devNull } from "node:os";
import { join } from "node:path";
import { debug, debugEnabled } from "../io/debug.js";
import { GitError, TimeBudgetError } from "../io/errors.js";

/** Options for every git call: cwd is always explicit. */
export interface ExecGitOptions {
  cwd: string;
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are answers, not failures (e.g. 1 for `git diff --quiet`). */
  okCodes?: number[];
  /** A file descriptor git's stdout goes to (a large output written, never held in memory). */
  stdoutFd?: number;
}

/** Result of a git call that tolerates non-zero exit codes. */
export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

// Large outputs (cat-file of data files, diff-tree of 10k commits) must not be cut.
const MAX_BUFFER = 1024 * 1024 * 1024;

const NO_GRAFTS = join(devNull, "no-grafts");

// node:child_process costs ~2 MB of memory to load: taken at the first git call, so an entry
// that often makes none (a merge driver of a plain notebook, whose peak memory is a target)
// never pays for it. process.getBuiltinModule (Node 20.16+) is a plain lookup.
let childProcessModule: typeof import("node:child_process") | undefined;
const childProcess = () =>
  (childProcessModule ??= (
    process as unknown as { getBuiltinModule(id: string): typeof import("node:child_process") }
  ).getBuiltinModule("node:child_process"));

// A server hook with a time budget (GitHub Enterprise Server stops hooks at 5 s): no git call
// may run past it, so the hook refuses with a message instead of being killed.
let deadline: { at: number; message: string } | null = null;

/** From now on every git call stops at `at` (Date.now() ms) and throws TimeBudgetError(message). */
export function setGitDeadline(at: number | null, message = ""): void {
  deadline = at === null ? null : { at, message };
}

/**
 * The environment every git call of mlbranch runs with: replace objects (refs/replace/*, which a
 * push can bring) and grafts (info/grafts) ignored, so a check reads the commits that are really
 * there, never a stand-in. GIT_NO_REPLACE_OBJECTS leaves grafts on (git 2.39): the graft file
 * is pointed at a path that cannot exist (an existing empty one makes git print a hint).
 */
export function gitEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, GIT_NO_REPLACE_OBJECTS: "1", GIT_GRAFT_FILE: NO_GRAFTS };
}

/** Run git with an argv array (never a shell string); returns the raw result. */
export function runGit(args: string[], opts: ExecGitOptions): GitResult {
  const t = debugEnabled() ? performance.now() : 0;
  const r = childProcess().spawnSync("git", args, {
    cwd: opts.cwd,
    input: opts.input,
    env: gitEnv(opts.env),
    maxBuffer: MAX_BUFFER,
    stdio: opts.stdoutFd === undefined ? "pipe" : ["pipe", opts.stdoutFd, "pipe"],
    windowsHide: true,
    timeout: deadline ? Math.max(1, deadline.at - Date.now()) : undefined,
  });
  if (deadline && Date.now() >= deadline.at) throw new TimeBudgetError(deadline.message);
  if (r.error) throw new GitError(args, null, r.error.message);
  const code = r.status ?? 128;
  const stderr = r.stderr?.toString("utf8") ?? "";
  if (t)
    debug(
      `git ${args.join(" ")} -> exit ${code}, ${r.stdout?.length ?? 0} bytes`,
      performance.now() - t,
    );
  if (code !== 0 && !(opts.okCodes ?? []).includes(code)) throw new GitError(args, code, stderr);
  return { stdout: r.stdout ?? Buffer.alloc(0), stderr, code };
}

/** Run git and return stdout as UTF-8 with the trailing newline removed. */
export function execGit(args: string[], opts: ExecGitOptions): string {
  return runGit(args, opts).stdout.toString("utf8").replace(/\n$/, "");
}

/** Run git and return stdout as bytes (blobs, -z output). */
export function execGitBuffer(args: string[], opts: ExecGitOptions): Buffer {
  return runGit(args, opts).stdout;
}

/** An environment for git in another repository: hook variables of the caller removed. */
export function cleanGitEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of [
    "GIT_DIR",
    "GIT_INDEX_FILE",
    "GIT_WORK_TREE",
    "GIT_PREFIX",
    "GIT_OBJECT_DIRECTORY",
  ]) {
    delete out[k];
  }
  return out;
}
