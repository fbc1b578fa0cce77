import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MlbranchError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { execGit, runGit } from "./execGit.js";

/** The empty tree's id, for diffs of root commits and first commits (SHA-1 repositories). */
export const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const EMPTY_TREE_SHA256 = "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321";

/** The empty tree's id in this repository's object format (SHA-1 or SHA-256). */
export function emptyTree(cwd: string): string {
  const r = runGit(["rev-parse", "--show-object-format"], { cwd, okCodes: [128] });
  return r.stdout.toString("utf8").trim() === "sha256" ? EMPTY_TREE_SHA256 : EMPTY_TREE;
}

/** The work tree root (`git rev-parse --show-toplevel`), or a clear error outside a repository. */
export function repoRoot(cwd: string): string {
  const r = runGit(["rev-parse", "--show-toplevel"], { cwd, okCodes: [128] });
  if (r.code !== 0) throw new MlbranchError(msg.notARepo(cwd));
  return r.stdout.toString("utf8").trim();
}

/** The git dir of a repository, absolute. */
export function gitDir(cwd: string): string {
  return execGit(["rev-parse", "--absolute-git-dir"], { cwd });
}

/** The current branch's short name, or null on a detached HEAD. */
export function currentBranch(cwd: string): string | null {
  const r = runGit(["symbolic-ref", "-q", "--short", "HEAD"], { cwd, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString("utf8").trim() : null;
}

/** Full object id of a revision, or null when it does not exist. */
export function resolveRev(cwd: string, rev: string): string | null {
  const r = runGit(["rev-parse", "-q", "--verify", "--end-of-options", `${rev}^{commit}`], {
    cwd,
    okCodes: [1, 128],
  });
  return r.code === 0 ? r.stdout.toString("utf8").trim() : null;
}

/** True when HEAD points at a commit (false in a repository with no commits yet). */
export function hasHead(cwd: string): boolean {
  return resolveRev(cwd, "HEAD") !== null;
}

/**
 * Shas being merged (MERGE_HEAD, several for an octopus), empty outside a merge. git writes
 * MERGE_HEAD only after pre-merge-commit has run, so a hook falls back to GIT_REFLOG_ACTION.
 * Pass `gitDir` when it is known, to save a git call.
 */
export function mergeHeads(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  gitDir?: string,
): string[] {
  const file = gitDir
    ? join(gitDir, "MERGE_HEAD")
    : execGit(["rev-parse", "--path-format=absolute", "--git-path", "MERGE_HEAD"], { cwd });
  if (!existsSync(file)) return reflogMergeHeads(cwd, env);
  return readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

function reflogMergeHeads(cwd: string, env: NodeJS.ProcessEnv): string[] {
  const action = env.GIT_REFLOG_ACTION ?? "";
  // `git pull` merges what it fetched: FETCH_HEAD's lines not marked not-for-merge.
  if (/^pull\b/.test(action)) return fetchHeadsForMerge(cwd);
  const m = /^merge (.+)$/.exec(action);
  if (!m) return [];
  const shas = m[1].split(" ").map((rev) => resolveRev(cwd, rev));
  return shas.every((s) => s !== null) ? (shas as string[]) : [];
}

function fetchHeadsForMerge(cwd: string): string[] {
  const file = execGit(["rev-parse", "--path-format=absolute", "--git-path", "FETCH_HEAD"], {
    cwd,
  });
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.split("\t"))
    .filter(([sha, flag]) => /^[0-9a-f]{40,64}$/.test(sha ?? "") && flag === "")
    .map(([sha]) => sha);
}

/** "refs/heads/stable/x" or "heads/stable/x" -> "stable/x"; other names unchanged. */
export function shortBranchName(ref: string): string {
  return ref.replace(/^refs\/heads\//, "").replace(/^heads\//, "");
}

/** True in a shallow clone (history cut off: `git clone --depth`, CI's default checkout). */
export function isShallow(cwd: string): boolean {
  const r = runGit(["rev-parse", "--is-shallow-repository"], { cwd, okCodes: [128] });
  return r.stdout.toString("utf8").trim() === "true";
}
