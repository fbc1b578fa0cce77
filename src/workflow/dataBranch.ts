import type { Config } from "../config/types.js";
import { runGit } from "../git/execGit.js";
import { resolveBranchType } from "../policy/branchType.js";

/**
 * The branch a snapshot's data came from: a branch that holds the commits that introduced the
 * data files, preferring a type with a split rule, then a type that denies models (a data
 * type), then any; local branches before remote-tracking ones. Null when none holds them.
 */
export function dataBranch(
  root: string,
  config: Config,
  introducers: string[],
): { branch: string; type: string | null } | null {
  let best: { branch: string; type: string | null; score: number } | null = null;
  // The commits that introduced most files are enough (one git process each, at most three).
  const count = new Map<string, number>();
  for (const c of introducers) count.set(c, (count.get(c) ?? 0) + 1);
  const top = [...count].sort((a, b) => b[1] - a[1]).slice(0, 3);
  for (const [c] of top) {
    const r = runGit(
      ["for-each-ref", "--format=%(refname)", "--contains", c, "refs/heads", "refs/remotes"],
      { cwd: root, okCodes: [129] },
    );
    if (r.code !== 0) continue;
    for (const ref of r.stdout.toString("utf8").split("\n").filter(Boolean)) {
      const local = ref.startsWith("refs/heads/");
      const branch = local
        ? ref.slice("refs/heads/".length)
        : ref.slice("refs/remotes/".length).replace(/^[^/]+\//, "");
      if (!branch || branch === "HEAD") continue;
      const t = resolveBranchType(config, branch);
      const denies = (t?.type.deny ?? []).includes("@models");
      const score = (t?.type.split ? 4 : 0) + (denies ? 2 : 0) + (local ? 1 : 0);
      if (!best || score > best.score) best = { branch, type: t?.name ?? null, score };
    }
  }
  return best ? { branch: best.branch, type: best.type } : null;
}
