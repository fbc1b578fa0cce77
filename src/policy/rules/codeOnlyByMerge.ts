import { matchesAny } from "../../config/globs.js";
import { execGit, runGit } from "../../git/execGit.js";
import { ruleMsg } from "../../io/messages/rules.js";
import { resolveBranchType } from "../branchType.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

// Branch names from refs: refs/heads/X, refs/remotes/<remote>/X (a clone's view of the receiver).
function branchName(ref: string): string {
  if (ref.startsWith("refs/heads/")) return ref.slice("refs/heads/".length);
  return ref.replace(/^refs\/remotes\/[^/]+\//, "");
}

// Answers per commit for one check (the refs do not move while a hook runs).
const supplied = new WeakMap<object, Map<string, boolean>>();

/**
 * True when the commit is on a branch of a type that may supply code (codeFrom, default dev):
 * a branch here (refs/heads, or the remote's branches in a clone), or one the same push brings.
 */
function onCodeBranch(ctx: RuleContext, commit: string): boolean {
  let cache = supplied.get(ctx.blobs);
  if (!cache) {
    cache = new Map();
    supplied.set(ctx.blobs, cache);
  }
  const known = cache.get(commit);
  if (known !== undefined) return known;
  const from = new Set(ctx.type.codeFrom ?? ["dev"]);
  const isCode = (branch: string) => {
    const t = resolveBranchType(ctx.config, branch);
    return !!t && from.has(t.name);
  };
  const out = execGit(
    ["for-each-ref", "--format=%(refname)", "--contains", commit, "refs/heads", "refs/remotes"],
    { cwd: ctx.cwd },
  );
  let ok = !!out && out.split("\n").some((ref) => isCode(branchName(ref)));
  for (const [ref, tip] of ctx.pushed) {
    if (ok) break;
    if (!ref.startsWith("refs/heads/") || !isCode(ref.slice("refs/heads/".length))) continue;
    ok =
      runGit(["merge-base", "--is-ancestor", commit, tip], { cwd: ctx.cwd, okCodes: [1, 128] })
        .code === 0;
  }
  cache.set(commit, ok);
  return ok;
}

/**
 * codeOnlyByMerge: code changes only in a merge, only to a version one of the parents has, and
 * that parent must be on a branch of a type that supplies code (codeFrom: dev by default), so
 * neither a throwaway commit merged --no-ff nor another branch's code gets in.
 */
export const codeOnlyByMerge: Rule = {
  id: "code-only-by-merge",
  check(ctx) {
    const globs = ctx.type.codeOnlyByMerge;
    if (!globs?.length) return [];
    const code = ctx.changes.filter((c) => matchesAny(c.path, globs));
    if (!code.length) return [];
    const out: Violation[] = [];
    if (ctx.parents.length < 2) {
      for (const c of code)
        out.push(
          violation(
            ctx,
            "code-only-by-merge",
            c.path,
            ruleMsg.codeByPlainCommit(c.path, ctx.branch, ctx.typeName),
          ),
        );
      return out;
    }
    // Every other parent's version of every code path, one git call per parent.
    for (const p of ctx.parents.slice(1))
      ctx.blobs.oidsAt(
        p,
        code.map((c) => c.path),
      );
    for (const c of code) {
      // The change is against the first parent; it must equal some other parent's version.
      const same = ctx.parents.slice(1).filter((p) => ctx.blobs.oidAt(p, c.path) === c.newOid);
      if (!same.length) {
        out.push(
          violation(
            ctx,
            "code-only-by-merge",
            c.path,
            ruleMsg.codeHandEdit(c.path, ctx.branch, ctx.typeName),
          ),
        );
        continue;
      }
      if (same.some((p) => onCodeBranch(ctx, p))) continue;
      out.push(
        violation(
          ctx,
          "code-only-by-merge",
          c.path,
          ruleMsg.codeNotFromDev(c.path, ctx.branch, ctx.typeName, ctx.type.codeFrom ?? ["dev"]),
        ),
      );
    }
    return out;
  },
};
