import { join } from "node:path";
import type { Config } from "../config/types.js";
import { type AppendPair, proveAppends } from "../git/appendProofs.js";
import { BlobReader } from "../git/blobs.js";
import { type Change, commitChanges } from "../git/changes.js";
import { broughtInCommits, commitInfos, type Trailer } from "../git/commits.js";
import { debug, debugEnabled, phase } from "../io/debug.js";
import { ruleMsg } from "../io/messages/rules.js";
import { resolveBranchType } from "./branchType.js";
import { type LazyRule, loadRulesFor } from "./lazyRule.js";
import { rules } from "./rules/index.js";
import type { BroughtIn, Rule, RuleContext, Violation } from "./types.js";

/** The outcome of a check: what was judged and every violation (warnings included). */
export interface CheckResult {
  branch: string;
  type: string | null;
  /** Commits judged (0 for the commit being made). */
  commits: number;
  violations: Violation[];
  warnings: Violation[];
}

/** What the engine needs to judge one commit. */
export interface CommitInput {
  commit: string | null;
  parents: string[];
  changes: Change[];
  trailers: Trailer[] | null;
}

/** Non-merge commits a merge brings in, with their own changes and trailers. */
export function loadBroughtIn(
  cwd: string,
  parents: string[],
  mergeTip: string | null,
): BroughtIn[] {
  const [first, ...others] = parents;
  if (!first || !others.length) return [];
  const shas = [
    ...new Set(
      (mergeTip ? [mergeTip] : others).flatMap((tip) => broughtInCommits(cwd, tip, first)),
    ),
  ];
  const infos = commitInfos(cwd, shas);
  const changes = commitChanges(
    cwd,
    shas.map((sha) => ({ sha, parent: infos.get(sha)?.parents[0] ?? null })),
  );
  return shas.map((sha) => ({
    sha,
    subject: infos.get(sha)?.subject ?? "",
    trailers: infos.get(sha)?.trailers ?? [],
    changes: changes.get(sha) ?? [],
  }));
}

/** Judge commits on one branch with every rule of its type. */
export async function judge(opts: {
  cwd: string;
  config: Config;
  branch: string;
  commits: CommitInput[];
  staged: boolean;
  env?: NodeJS.ProcessEnv;
  /** Judge under this type rather than the one the branch name resolves to (pushed tags). */
  typeName?: string;
  /** Refs the same push updates (see RuleContext.pushed). */
  pushed?: ReadonlyMap<string, string>;
  /** The rule set (default: every registered rule); a test passes the one it tests. */
  rules?: Rule[];
  /** Run only the rules with these ids (commit-msg: the trailer rule alone). */
  only?: string[];
}): Promise<CheckResult> {
  const { cwd, config, branch } = opts;
  const forced = opts.typeName ? config.types[opts.typeName] : undefined;
  const resolved = forced
    ? { name: opts.typeName!, type: forced }
    : resolveBranchType(config, branch);
  const pushed = opts.pushed ?? new Map<string, string>();
  const result: CheckResult = {
    branch,
    type: resolved?.name ?? null,
    commits: opts.staged ? 0 : opts.commits.length,
    violations: [],
    warnings: [],
  };
  if (!resolved) {
    if (config.unknownBranch === "allow") return result;
    const m = ruleMsg.unknownBranch(branch, Object.keys(config.types));
    const v: Violation = {
      rule: "unknown-branch",
      path: null,
      branch,
      type: null,
      commit: null,
      message: m.text,
      fix: m.fix,
      severity: config.unknownBranch === "deny" ? "error" : "warning",
    };
    (v.severity === "error" ? result.violations : result.warnings).push(v);
    return result;
  }
  const blobs = new BlobReader(cwd);
  // Temp files a rule made (database copies) go at the end of the check, also on error.
  try {
    const all = opts.rules ?? rules;
    const active = opts.only ? all.filter((r) => opts.only!.includes(r.id)) : all;
    const contexts = opts.commits.map((c) => makeContext(c));
    await phase("load the rules this change concerns", () => loadRulesFor(active, contexts));
    const newOids = () =>
      opts.commits.flatMap((c) => c.changes.flatMap((ch) => (ch.newOid ? [ch.newOid] : [])));
    // lfs-objects picks pointer candidates by size in its prefetch: every size in one call first.
    const lfs = active.find((r): r is LazyRule => r.id === "lfs-objects" && "wants" in r);
    if (lfs && contexts.length > 1 && contexts.some((c) => lfs.wants(c))) blobs.sizeOf(newOids());
    if (contexts.length > 1) for (const rule of active) rule.prepare?.(contexts);
    const wantBlobs: string[] = [];
    const wantCommits: string[] = [];
    const prefixes: [string, string][] = [];
    const appends: AppendPair[] = [];
    for (const ctx of contexts) {
      for (const rule of active) {
        const p = rule.prefetch?.(ctx);
        if (p?.blobs) wantBlobs.push(...p.blobs);
        if (p?.commits) wantCommits.push(...p.commits);
        if (p?.prefixes) prefixes.push(...p.prefixes);
        if (p?.appends) appends.push(...p.appends);
      }
    }
    // The commit being made: its new blobs are usually the work tree's files as they are (only
    // built when something is read: commit-msg of 10,000 staged files reads nothing).
    const sizes =
      resolved.type.maxFileSize !== undefined && active.some((r) => r.id === "max-file-size");
    const worktree =
      opts.staged && (wantBlobs.length || appends.length || sizes)
        ? new Map(
            opts.commits.flatMap((c) =>
              c.changes.flatMap((ch) =>
                ch.newOid && ch.newMode?.startsWith("100") ? [[ch.newOid, join(cwd, ch.path)]] : [],
              ),
            ) as [string, string][],
          )
        : undefined;
    // Each blob a rule reads comes once: from the work tree or an old blob found at the start of
    // an appended one (both proven by their ids), the rest in one streamed `cat-file --batch` that
    // also yields sizes; then one `--batch-check` gives the sizes maxFileSize still lacks, for
    // every commit at once (pre-push of 1,000 commits must not start 1,000 git processes).
    await phase(`read ${wantBlobs.length} blobs`, () =>
      blobs.prefetch(wantBlobs, { worktree, prefixes }),
    );
    if (appends.length)
      await phase("prove appends to large and LFS files", () =>
        proveAppends(blobs, cwd, appends, { worktree }),
      );
    if (sizes) blobs.sizeOf(newOids(), worktree);
    blobs.commitsExist(wantCommits);
    const spent = new Map<string, number>();
    for (const ctx of contexts) {
      // Rules that read streams (the split rule) do it first, one commit at a time.
      for (const rule of active) {
        if (!rule.read) continue;
        const t = debugEnabled() ? performance.now() : 0;
        await rule.read(ctx);
        if (t) spent.set(rule.id, (spent.get(rule.id) ?? 0) + performance.now() - t);
      }
      for (const rule of active) {
        const t = debugEnabled() ? performance.now() : 0;
        for (const v of rule.check(ctx))
          (v.severity === "warning" ? result.warnings : result.violations).push(v);
        if (t) spent.set(rule.id, (spent.get(rule.id) ?? 0) + performance.now() - t);
      }
    }
    for (const [id, ms] of spent) debug(`rule ${id}, ${contexts.length} commit(s)`, ms);
  } finally {
    blobs.close();
  }
  return result;

  function makeContext(c: CommitInput): RuleContext {
    let brought: BroughtIn[] | undefined;
    const ctx: RuleContext = {
      cwd,
      config,
      branch,
      typeName: resolved!.name,
      type: resolved!.type,
      commit: c.commit,
      parents: c.parents,
      changes: c.changes,
      trailers: c.trailers,
      broughtIn: () => {
        brought ??= loadBroughtIn(cwd, c.parents, c.commit);
        return brought;
      },
      blobs,
      staged: opts.staged,
      pushed,
      env: opts.env ?? process.env,
    };
    return ctx;
  }
}
