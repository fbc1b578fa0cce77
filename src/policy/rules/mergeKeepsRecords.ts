import { isLfsPointer } from "../../git/blobs.js";
import { type Change, parseRawDiff, treeChanges } from "../../git/changes.js";
import { execGitBuffer } from "../../git/execGit.js";
import { lfsContent } from "../../git/lfs.js";
import { mergeRuleMsg } from "../../io/messages/merge.js";
import { type AppendingDriver, driverOf, isAppending } from "../../merge/driverOf.js";
import { recordContents } from "../../merge/recordContents.js";
import { settingsFor } from "../../merge/settings.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

// What the merge result differs in from one parent: the index (staged) or the commit's tree.
function changesAgainst(ctx: RuleContext, parent: string): Change[] {
  if (ctx.commit) return treeChanges(ctx.cwd, parent, ctx.commit);
  const out = execGitBuffer(
    ["diff-index", "--cached", "-r", "-z", "--no-renames", "--raw", "--no-abbrev", parent],
    {
      cwd: ctx.cwd,
      env: ctx.env,
    },
  );
  return parseRawDiff(out);
}

function content(ctx: RuleContext, oid: string | null, path: string): Buffer | null {
  if (!oid) return Buffer.alloc(0);
  const b = ctx.blobs.read(oid);
  return isLfsPointer(b) ? lfsContent(ctx.cwd, b, path) : b;
}

/**
 * mergeKeepsRecords: in a merge commit, a file under an appending driver (jsonl, csv, lines, json
 * arrays) holds every record of every parent, unless `appendOnly: false` is set for it. Catches
 * merges made without the driver registered (git falls back silently) and `--ours` resolutions.
 */
export const mergeKeepsRecords: Rule = {
  id: "merge-keeps-records",
  check(ctx) {
    if (ctx.parents.length < 2) return [];
    const out: Violation[] = [];
    const seen = new Set<string>();
    for (const parent of ctx.parents) {
      const changes = changesAgainst(ctx, parent);
      // Paths the merge holds that this parent lacks: where a renamed file's records went.
      const added = changes.filter((c) => !c.oldOid && c.newOid);
      for (const c of changes) {
        if (!c.oldOid || c.oldMode === "160000" || c.newMode === "120000" || seen.has(c.path))
          continue;
        const s = settingsFor(ctx.config.files, c.path);
        if (s.appendOnly === false) continue;
        const driver = driverOf(ctx.cwd, ctx.config, c.path, ctx.staged, ctx.commit);
        if (!isAppending(driver)) continue;
        // With onKeyConflict ours/theirs one version of a key is dropped on purpose: compare keys.
        const key =
          s.key && (s.onKeyConflict === "ours" || s.onKeyConflict === "theirs") ? s.key : undefined;
        const before = content(ctx, c.oldOid, c.path);
        const after = content(ctx, c.newOid, c.path);
        if (!before || !after) {
          // An LFS object that is not here: say the check could not be made, do not block.
          seen.add(c.path);
          const m = mergeRuleMsg.lfsUnverifiable(c.path, parent);
          out.push({ ...violation(ctx, "merge-keeps-records", c.path, m), severity: "warning" });
          continue;
        }
        const had = recordContents(driver, c.path, before, key);
        const has = recordContents(driver, c.path, after, key);
        if (!had || !has) continue;
        const now = new Set(has.map((r) => r.content));
        let lost = had.filter((r) => !now.has(r.content));
        if (lost.length && !c.newOid) lost = afterRename(ctx, added, driver, lost, key);
        if (!lost.length) continue;
        seen.add(c.path);
        out.push(
          violation(
            ctx,
            "merge-keeps-records",
            c.path,
            mergeRuleMsg.recordsLost(
              c.path,
              parent,
              driver,
              lost.map((r) => r.line),
            ),
          ),
        );
      }
    }
    return out;
  },
};

// A file gone from the merge (against one parent) may have been renamed by the other parent,
// the driver merging its records under the new path: the records the best-matching added file
// (same driver) still lacks.
function afterRename(
  ctx: RuleContext,
  added: Change[],
  driver: AppendingDriver,
  lost: { content: string; line: number }[],
  key: string[] | undefined,
): { content: string; line: number }[] {
  let best = lost;
  for (const a of added) {
    if (driverOf(ctx.cwd, ctx.config, a.path, ctx.staged, ctx.commit) !== driver) continue;
    const buf = content(ctx, a.newOid, a.path);
    const recs = buf && recordContents(driver, a.path, buf, key);
    if (!recs) continue;
    const there = new Set(recs.map((r) => r.content));
    const left = lost.filter((r) => !there.has(r.content));
    if (left.length < best.length) best = left;
  }
  return best;
}
