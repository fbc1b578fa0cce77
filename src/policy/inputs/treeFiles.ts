import { execGitBuffer } from "../../git/execGit.js";

/** A file in a commit's tree or in the index. */
export interface TreeFile {
  path: string;
  oid: string;
  mode: string;
}

/** Every blob in a commit (ls-tree) or, with rev null, in the index (stage 0 entries). */
export function treeFiles(cwd: string, rev: string | null, env?: NodeJS.ProcessEnv): TreeFile[] {
  const out: TreeFile[] = [];
  if (rev === null) {
    // "<mode> <oid> <stage>\t<path>"; env carries GIT_INDEX_FILE when a hook runs us.
    const buf = execGitBuffer(["ls-files", "-s", "-z"], { cwd, env });
    for (const e of buf.toString("utf8").split("\0")) {
      if (!e) continue;
      const tab = e.indexOf("\t");
      const [mode, oid, stage] = e.slice(0, tab).split(" ");
      if (stage === "0" && mode !== "160000") out.push({ path: e.slice(tab + 1), oid, mode });
    }
    return out;
  }
  // "<mode> <type> <oid>\t<path>"
  const buf = execGitBuffer(["ls-tree", "-r", "-z", "--full-tree", rev], { cwd });
  for (const e of buf.toString("utf8").split("\0")) {
    if (!e) continue;
    const tab = e.indexOf("\t");
    const [mode, type, oid] = e.slice(0, tab).split(" ");
    if (type === "blob") out.push({ path: e.slice(tab + 1), oid, mode });
  }
  return out;
}

/** Expand "@name" entries of a glob list with the config's named glob sets. */
export function expandNamed(list: string[], globs: Record<string, string[]>): string[] {
  return list.flatMap((g) => (g.startsWith("@") ? (globs[g.slice(1)] ?? []) : [g]));
}
