import { matchesAny } from "../config/globs.js";
import type { Config } from "../config/types.js";
import { execGitBuffer } from "../git/execGit.js";
import { globRoots } from "./pathspecs.js";

/** One tree entry: path, mode, type and object id. */
export interface TreeEntry {
  path: string;
  mode: string;
  type: string;
  oid: string;
}

/** Entries of `git ls-tree -z` output. */
export function parseLsTree(buf: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const rec of buf.toString("utf8").split("\0")) {
    if (!rec) continue;
    const tab = rec.indexOf("\t");
    const [mode, type, oid] = rec.slice(0, tab).split(" ");
    out.push({ path: rec.slice(tab + 1), mode, type, oid });
  }
  return out;
}

/** Every file of a commit's snapshot (one `git ls-tree -r`). */
export function filesAt(cwd: string, rev: string): TreeEntry[] {
  return parseLsTree(execGitBuffer(["ls-tree", "-r", "-z", "--full-tree", rev], { cwd }));
}

/**
 * The files of a commit's snapshot whose path passes `keep`: one `git ls-tree -r`, but only the
 * kept entries are parsed (a 100k-file tree costs one scan of git's output, not 100k objects).
 */
export function filesWhere(cwd: string, rev: string, keep: (path: string) => boolean): TreeEntry[] {
  const text = execGitBuffer(["ls-tree", "-r", "-z", "--full-tree", rev], { cwd }).toString("utf8");
  const out: TreeEntry[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf("\0", at);
    const stop = end < 0 ? text.length : end;
    const tab = text.indexOf("\t", at);
    if (tab > at && tab < stop) {
      const path = text.slice(tab + 1, stop);
      if (keep(path)) {
        const [mode, type, oid] = text.slice(at, tab).split(" ");
        out.push({ path, mode, type, oid });
      }
    }
    at = stop + 1;
  }
  return out;
}

/** Model files (globs.models) of a snapshot with their blob ids. */
export function modelBlobs(config: Config, files: TreeEntry[]): Record<string, string> {
  const models = config.globs.models ?? [];
  return Object.fromEntries(
    files
      .filter((f) => f.type === "blob" && matchesAny(f.path, models))
      .map((f) => [f.path, f.oid]),
  );
}

/** Tree ids of the data roots (globs.data: "data/**" -> data) present in a revision. */
export function dataTrees(cwd: string, config: Config, rev: string): Record<string, string> {
  const roots = globRoots(config.globs.data ?? []);
  if (!roots.length) return {};
  const entries = parseLsTree(
    execGitBuffer(["ls-tree", "-z", "--full-tree", rev, "--", ...roots], { cwd }),
  );
  return Object.fromEntries(
    entries.filter((e) => roots.includes(e.path)).map((e) => [e.path, e.oid]),
  );
}
