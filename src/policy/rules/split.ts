import { posix } from "node:path";
import { matchesAny } from "../../config/globs.js";
import { dataMsg } from "../../io/messages/quality.js";
import { recipeCommand, SPLIT_SIDECAR } from "../../quality/split/sidecar.js";
import { type SplitFindings, splitFindings } from "../inputs/splitIds.js";
import { parentRecipe, type SplitConfig, splitGlobs } from "../inputs/splitState.js";
import type { Rule, RuleContext, Violation } from "../types.js";
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

// Read before check() (streaming needs async), one commit at a time.
const found = new WeakMap<RuleContext, SplitFindings>();

// The split config when this commit touches a split file, else null (nothing to read).
function concerned(ctx: RuleContext): SplitConfig | null {
  const cfg = ctx.type.split as SplitConfig | undefined;
  if (!cfg?.files || Object.keys(cfg.files).length < 2) return null;
  const all = splitGlobs(cfg, ctx.config.globs).flatMap(([, g]) => g);
  return ctx.changes.some((c) => c.newOid && matchesAny(c.path, all)) ? cfg : null;
}

/**
 * split: a record id is in at most one split, and never in another split than one it was ever
 * committed in before (leakage). Runs when a commit touches a split file.
 */
export const split: Rule = {
  id: "split",
  async read(ctx) {
    const cfg = concerned(ctx);
    if (cfg) found.set(ctx, await splitFindings(ctx, cfg));
  },
  check(ctx) {
    const cfg = concerned(ctx);
    if (!cfg) return [];
    const now = found.get(ctx);
    if (!now) throw new Error("the split rule was checked before its files were read");
    const all = splitGlobs(cfg, ctx.config.globs).flatMap(([, g]) => g);
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
    const dup = now.dup.map(([id, mask]): [string, string] => [
      id,
      namesOf(mask, now.names).join(" & "),
    ]);
    if (dup.length) out.push(violation(ctx, "split", null, dataMsg.splitDuplicate(summarize(dup))));
    // Leakage: every id the parents' history ever had in one split must not be in another now.
    const moved = now.moved.map(([id, mask, was]): [string, string] => [
      id,
      `${namesOf(was, now.names).join("+")} -> ${namesOf(mask & ~was, now.names).join("+")}`,
    ]);
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
