import { posix } from "node:path";
import { matchesAny } from "../../config/globs.js";
import { dataMsg } from "../../io/messages/quality.js";
import { recipeCommand, SPLIT_SIDECAR } from "../../quality/split/sidecar.js";
import {
  historyState,
  parentRecipe,
  type SplitConfig,
  splitGlobs,
  splitState,
} from "../inputs/splitState.js";
import type { Rule, Violation } from "../types.js";
import { violation } from "../violation.js";

const FIRST = 5;

function namesOf(mask: number, names: string[]): string[] {
  return names.filter((_, i) => mask & (1 << i));
}

/** Group offending ids by how they offend ("train+test"), keeping counts and the first ids. */
function summarize(entries: [string, string][]) {
  const groups = new Map<string, number>();
  for (const [, g] of entries) groups.set(g, (groups.get(g) ?? 0) + 1);
  return {
    count: entries.length,
    groups: [...groups].map(([g, n]) => `${g}: ${n}`),
    first: entries.slice(0, FIRST).map(([id]) => id),
  };
}

/**
 * split: a record id is in at most one split, and never in another split than one it was ever
 * committed in before (leakage). Runs when a commit touches a split file.
 */
export const split: Rule = {
  id: "split",
  check(ctx) {
    const cfg = ctx.type.split as SplitConfig | undefined;
    if (!cfg?.files || Object.keys(cfg.files).length < 2) return [];
    const all = splitGlobs(cfg, ctx.config.globs).flatMap(([, g]) => g);
    if (!ctx.changes.some((c) => c.newOid && matchesAny(c.path, all))) return [];
    const now = splitState(ctx, cfg, ctx.commit);
    const out: Violation[] = now.problems.map((p) =>
      violation(
        ctx,
        "split",
        p.path,
        posix.basename(p.path) === SPLIT_SIDECAR
          ? dataMsg.splitRecipeBad(p.path, p.why)
          : dataMsg.splitUnreadable(p.path, p.why, p.key, SPLIT_SIDECAR),
      ),
    );
    const dup: [string, string][] = [];
    for (const [id, mask] of now.splits) {
      if (mask & (mask - 1)) dup.push([id, namesOf(mask, now.names).join(" & ")]);
    }
    if (dup.length) out.push(violation(ctx, "split", null, dataMsg.splitDuplicate(summarize(dup))));
    // Leakage: every id the parents' history ever had in one split must not be in another now.
    const moved: [string, string][] = [];
    const before = historyState(ctx, cfg, ctx.parents, now.recipes);
    for (const [id, mask] of now.splits) {
      const was = before.splits.get(id);
      if (was !== undefined && mask & ~was) {
        const from = namesOf(was, before.names).join("+");
        const to = namesOf(mask & ~was, now.names).join("+");
        moved.push([id, `${from} -> ${to}`]);
      }
    }
    if (moved.length) {
      // The parent's recipe made the assignment the new files broke: name it, not the new one.
      const dirs = new Set(now.recipes.keys());
      for (const c of ctx.changes)
        if (matchesAny(c.path, all))
          dirs.add(posix.dirname(c.path) === "." ? "" : posix.dirname(c.path));
      const was = parentRecipe(ctx, [...dirs]);
      const again = was ? recipeCommand(was.recipe, was.dir) : null;
      out.push(violation(ctx, "split", null, dataMsg.splitMoved(summarize(moved), again)));
    }
    return out;
  },
};
