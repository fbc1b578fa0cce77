import { execGit } from "../../git/execGit.js";
import { resolveBranchType } from "../branchType.js";
import type { RuleContext } from "../types.js";

function branchesAt(cwd: string, sha: string): string[] {
  const out = execGit(
    ["for-each-ref", "--points-at", sha, "--format=%(refname:short)", "refs/heads"],
    {
      cwd,
    },
  );
  return out ? out.split("\n") : [];
}

/**
 * The real `<branch>@<sha>` a Derived-From trailer should say, where it can be known: the
 * branch being merged (MERGE_HEAD or the merge's second parent), else the one branch of the
 * source type (the type the example names: "raw@…" -> raw) at its tip; null when not known.
 */
export function derivedSource(ctx: RuleContext, example?: string): string | null {
  const merged = ctx.parents[1];
  if (merged) {
    const name = branchesAt(ctx.cwd, merged).find((b) => b !== ctx.branch);
    return `${name ?? "<branch>"}@${merged.slice(0, 10)}`;
  }
  const typeName = example ? resolveBranchType(ctx.config, example.split("@")[0])?.name : null;
  if (!typeName) return null;
  const out = execGit(["for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads"], {
    cwd: ctx.cwd,
  });
  const of = (out ? out.split("\n") : [])
    .map((l) => l.split(" "))
    .filter(([b]) => b !== ctx.branch && resolveBranchType(ctx.config, b)?.name === typeName);
  return of.length === 1 ? `${of[0][0]}@${of[0][1].slice(0, 10)}` : null;
}
