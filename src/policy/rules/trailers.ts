import { matchesAny } from "../../config/globs.js";
import type { TrailerRule } from "../../config/types.js";
import type { Change } from "../../git/changes.js";
import type { Trailer } from "../../git/commits.js";
import { isPlaceholder, ruleMsg, trailerValue } from "../../io/messages/rules.js";
import { derivedSource } from "../inputs/derivedSource.js";
import { preparedTrailer } from "../inputs/preparedTrailer.js";
import { guardedTest, queueMatch } from "../regexGuard.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

function touched(rule: TrailerRule, changes: Change[]): string[] {
  return changes.filter((c) => !rule.paths || matchesAny(c.path, rule.paths)).map((c) => c.path);
}

// "Derived-From: raw@1a2b3c" must name a commit this repository has.
const DERIVED = /^(\S+)@([0-9a-f]{7,64})$/;

function judge(
  ctx: RuleContext,
  rule: TrailerRule,
  trailers: Trailer[],
  paths: string[],
  brought?: string,
): Violation[] {
  const t = ctx.typeName;
  const sha = brought ?? ctx.commit ?? undefined;
  const found = trailers.filter((tr) => tr.key.toLowerCase() === rule.key.toLowerCase());
  // The value to show in a fix: Derived-From's real one where the source is known.
  const wanted = () =>
    trailerValue(
      rule.key,
      rule.key.toLowerCase() === "derived-from" ? derivedSource(ctx, rule.example) : null,
      rule.example,
    );
  if (!found.length) {
    if (rule.required === false) return [];
    // The commit being made may follow a pull-data that wrote the very trailer it needs.
    const prepared = ctx.staged && !brought ? preparedTrailer(ctx.cwd, rule.key, ctx.env) : null;
    return [
      violation(
        ctx,
        "trailers",
        paths[0] ?? null,
        ruleMsg.trailerMissing(rule.key, paths, ctx.branch, t, wanted(), sha, prepared),
        sha ?? ctx.commit,
      ),
    ];
  }
  const out: Violation[] = [];
  for (const tr of found) {
    if (isPlaceholder(tr.value)) {
      out.push(
        violation(
          ctx,
          "trailers",
          paths[0] ?? null,
          ruleMsg.trailerPlaceholder(rule.key, tr.value, ctx.branch, t, sha),
          sha ?? ctx.commit,
        ),
      );
      continue;
    }
    const fits = rule.pattern ? guardedTest(rule.pattern, tr.value) : true;
    if (fits === null) {
      out.push(
        violation(
          ctx,
          "trailers",
          paths[0] ?? null,
          ruleMsg.trailerPatternSlow(rule.key, `/${rule.pattern}/`, ctx.branch, t, sha),
          sha ?? ctx.commit,
        ),
      );
      continue;
    }
    if (!fits) {
      out.push(
        violation(
          ctx,
          "trailers",
          paths[0] ?? null,
          ruleMsg.trailerMalformed(
            rule.key,
            tr.value,
            `/${rule.pattern}/`,
            ctx.branch,
            t,
            wanted(),
            sha,
          ),
          sha ?? ctx.commit,
        ),
      );
      continue;
    }
    const m = DERIVED.exec(tr.value);
    if (
      rule.key.toLowerCase() === "derived-from" &&
      m &&
      !ctx.blobs.commitsExist([m[2]]).get(m[2])
    ) {
      out.push(
        violation(
          ctx,
          "trailers",
          paths[0] ?? null,
          ruleMsg.trailerUnknownCommit(rule.key, tr.value, ctx.branch, t, wanted(), sha),
          sha ?? ctx.commit,
        ),
      );
    }
  }
  return out;
}

/**
 * trailers: a commit touching the given paths carries the trailers, matching their patterns.
 * A merge may carry them itself; otherwise each commit it brings in that touches the paths must.
 */
export const trailers: Rule = {
  id: "trailers",
  prefetch(ctx) {
    for (const rule of ctx.type.trailers ?? []) {
      if (!rule.pattern) continue;
      for (const tr of ctx.trailers ?? [])
        if (tr.key.toLowerCase() === rule.key.toLowerCase()) queueMatch(rule.pattern, tr.value);
    }
    const commits = (ctx.trailers ?? [])
      .filter((t) => t.key.toLowerCase() === "derived-from")
      .map((t) => DERIVED.exec(t.value)?.[2])
      .filter((s): s is string => !!s);
    return { commits };
  },
  check(ctx) {
    const rules = ctx.type.trailers;
    if (!rules?.length || ctx.trailers === null) return [];
    const out: Violation[] = [];
    const isMerge = ctx.parents.length > 1;
    for (const rule of rules) {
      const paths = touched(rule, ctx.changes);
      if (!paths.length) continue;
      const own = judge(ctx, rule, ctx.trailers, paths);
      if (!isMerge || own.length === 0) {
        out.push(...own);
        continue;
      }
      const hasOwn = ctx.trailers.some((tr) => tr.key.toLowerCase() === rule.key.toLowerCase());
      if (hasOwn) {
        out.push(...own);
        continue;
      }
      for (const b of ctx.broughtIn()) {
        const bp = touched(rule, b.changes);
        // The fix is the merge's own trailer: it is the commit to amend.
        if (bp.length)
          out.push(
            ...judge(ctx, rule, b.trailers, bp, b.sha).map((v) =>
              ctx.commit ? { ...v, fixAt: ctx.commit } : v,
            ),
          );
      }
    }
    return out;
  },
};
