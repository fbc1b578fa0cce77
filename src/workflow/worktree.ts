import { execGit, runGit } from "../git/execGit.js";

/** `git status --porcelain` lines: tracked changes and untracked files (ignored ones excluded). */
export function dirtyPaths(cwd: string, paths: string[] = []): string[] {
  const out = execGit(["status", "--porcelain=v1", "--untracked-files=all", "--", ...paths], {
    cwd,
  });
  return out ? out.split("\n").filter(Boolean) : [];
}

/** The file at `rev:path` as text, or null when the path is absent there (or not a file). */
export function readAt(cwd: string, rev: string, path: string): string | null {
  const r = runGit(["cat-file", "blob", `${rev}:${path}`], { cwd, okCodes: [128] });
  return r.code === 0 ? r.stdout.toString("utf8") : null;
}

/** Branches checked out in any worktree of this repository (full ref names). */
export function checkedOutBranches(cwd: string): string[] {
  const out = execGit(["worktree", "list", "--porcelain"], { cwd });
  return out
    .split("\n")
    .filter((l) => l.startsWith("branch "))
    .map((l) => l.slice("branch ".length));
}
