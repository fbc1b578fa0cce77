import { matchesAny } from "../../config/globs.js";
import { isLfsPointer } from "../../git/blobs.js";
import { type Change, parseRawDiff, treeChanges } from "../../git/changes.js";
import { execGitBuffer, runGit } from "../../git/execGit.js";
import { lfsContent } from "../../git/lfs.js";
import { mergeRuleMsg } from "../../io/messages/merge.js";
import { type AppendingDriver, driverOf, isAppending } from "../../merge/driverOf.js";
import { type RecordCounts, recordContents } from "../../merge/recordContents.js";
import { settingsFor } from "../../merge/settings.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

// What the merge result differs in from one parent: the index (staged) or the commit's tree.
function changesAgainst(ctx: RuleContext, parent: string): Change[] {
  if (ctx.commit) return treeChanges(ctx.cwd, parent, ctx.commit);
  const out = execGitBuffer(
    ["diff-index", "--cached", "-r", "-z", "--no-renames", "--raw", "--no-abbrev", parent],
    { cwd: ctx.cwd, env: ctx.env },
  );
  return parseRawDiff(out);
}

function content(ctx: RuleContext, oid: string | null, path: string): Buffer | null {
  if (!oid) return Buffer.alloc(0);
  const b = ctx.blobs.read(oid);
  return isLfsPointer(b) ? lfsContent(ctx.cwd, b, path) : b;
}

// The blob a revision holds at path, or null when it has none.
function blobAt(ctx: RuleContext, rev: string, path: string): string | null {
  const r = runGit(["rev-parse", "-q", "--verify", `${rev}:${path}`], {
    cwd: ctx.cwd,
    okCodes: [1, 128],
  });
  return r.code === 0 ? r.stdout.toString("utf8").trim() : null;
}

const mergeBases = new Map<string, string | null>();
function mergeBase(ctx: RuleContext): string | null {
  const id = ctx.parents.join(" ");
  if (!mergeBases.has(id)) {
    const r = runGit(["merge-base", ...ctx.parents.slice(0, 2)], {
      cwd: ctx.cwd,
      okCodes: [1, 128],
    });
    mergeBases.set(id, r.code === 0 ? r.stdout.toString("utf8").trim() : null);
  }
  return mergeBases.get(id) ?? null;
}

// The driver's counting rule: each side's change in copies applies; both added: the larger
// addition; both removed: the larger removal.
export function expectedCopies(b: number, o: number, t: number): number {
  const dO = o - b;
  const dT = t - b;
  if (dO > 0 && dT > 0) return b + Math.max(dO, dT);
  if (dO < 0 && dT < 0) return b + Math.min(dO, dT);
  return b + dO + dT;
}

/** One file judged against one parent: what the merge should hold and what it does hold. */
interface Judged {
  driver: AppendingDriver;
  key: string[] | undefined;
  appendOnly: boolean;
}

function howToJudge(ctx: RuleContext, c: Change): Judged | null {
  const s = settingsFor(ctx.config.files, c.path);
  const driver = driverOf(ctx.cwd, ctx.config, c.path, ctx.staged, ctx.commit);
  if (!isAppending(driver)) return null;
  // As the driver decides: mlbranch.json's setting, else the branch type's appendOnly globs.
  const appendOnly = s.appendOnly ?? matchesAny(c.path, ctx.type.appendOnly ?? []);
  // With onKeyConflict ours/theirs one version of a key is dropped on purpose; records that may
  // change merge cell by cell under their key: compare keys.
  const byKey =
    s.key && (!appendOnly || s.onKeyConflict === "ours" || s.onKeyConflict === "theirs");
  return { driver, key: byKey ? s.key : undefined, appendOnly };
}

// Records of `parent` the merge lacks: every copy when the file is append-only, else those the
// driver's three-way count keeps (a side's removal applies).
function lostRecords(
  ctx: RuleContext,
  c: Change,
  parent: string,
  j: Judged,
  had: RecordCounts,
  has: RecordCounts,
): number[] | null {
  const lines: number[] = [];
  let other: RecordCounts | null = null;
  let base: RecordCounts | null = null;
  if (!j.appendOnly) {
    // Three-way needs the merge base and the other parent: two-parent merges only.
    const mb = ctx.parents.length === 2 ? mergeBase(ctx) : null;
    if (!mb) return null;
    const q = ctx.parents.find((p) => p !== parent) ?? parent;
    const read = (rev: string) => {
      const oid = blobAt(ctx, rev, c.path);
      const buf = content(ctx, oid, c.path);
      return buf && recordContents(j.driver, c.path, buf, { key: j.key, columns: columnsOf(has) });
    };
    other = read(q);
    base = read(mb);
    if (!other || !base) return null;
  }
  for (const [id, at] of had.copies) {
    const now = has.copies.get(id)?.length ?? 0;
    const need =
      other && base
        ? Math.min(
            at.length,
            expectedCopies(
              base.copies.get(id)?.length ?? 0,
              at.length,
              other.copies.get(id)?.length ?? 0,
            ),
          )
        : at.length;
    if (now < need) lines.push(...at.slice(now - need));
  }
  return lines.sort((a, b) => a - b);
}

/**
 * mergeKeepsRecords: in a merge commit, a file under an appending driver (jsonl, csv, lines, json
 * arrays) holds the records the driver would have kept, judged with the driver's own identity
 * (canonical JSON, CSV rows by column name, counted copies): every record of every parent where
 * the path is append-only, else what the three-way count keeps. Catches merges made without the
 * driver registered (git falls back silently) and `--ours` resolutions.
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
        const j = howToJudge(ctx, c);
        if (!j) continue;
        const before = content(ctx, c.oldOid, c.path);
        const after = content(ctx, c.newOid, c.path);
        if (!before || !after) {
          // An LFS object that is not here: say the check could not be made, do not block.
          seen.add(c.path);
          const m = mergeRuleMsg.lfsUnverifiable(c.path, parent);
          out.push({ ...violation(ctx, "merge-keeps-records", c.path, m), severity: "warning" });
          continue;
        }
        let lost: number[] | null;
        if (!c.newOid) {
          // Where removals apply, a file the merge removes keeps only what this parent added
          // since the merge base, and only when the other parent renamed it (an added file).
          if (!j.appendOnly && !added.length) continue;
          const base = j.appendOnly ? null : baseContent(ctx, c.path);
          if (!j.appendOnly && base === null) continue;
          lost = afterRename(ctx, added, j, c.path, before, base);
        } else {
          const has = recordContents(j.driver, c.path, after, { key: j.key });
          const had =
            has &&
            recordContents(j.driver, c.path, before, { key: j.key, columns: columnsOf(has) });
          if (!had || !has) continue;
          lost = lostRecords(ctx, c, parent, j, had, has);
        }
        if (!lost?.length) continue;
        seen.add(c.path);
        out.push(
          violation(
            ctx,
            "merge-keeps-records",
            c.path,
            mergeRuleMsg.recordsLost(c.path, parent, j.driver, lost, j.appendOnly),
          ),
        );
      }
    }
    return out;
  },
};

// The path's content at the merge base (empty when the base lacks it), null when unknown.
function baseContent(ctx: RuleContext, path: string): Buffer | null {
  const mb = ctx.parents.length === 2 ? mergeBase(ctx) : null;
  return mb ? content(ctx, blobAt(ctx, mb, path), path) : null;
}

// CSV rows are compared on the merge's columns, by name (none known: each file's own header).
const columnsOf = (has: RecordCounts) => (has.columns?.length ? has.columns : undefined);

// A file gone from the merge (against one parent) may have been renamed by the other parent,
// the driver merging its records under the new path: the lines of the records the best-matching
// added file (same driver) still lacks.
function afterRename(
  ctx: RuleContext,
  added: Change[],
  j: Judged,
  path: string,
  before: Buffer,
  base: Buffer | null = null,
): number[] | null {
  const mine = recordContents(j.driver, path, before, { key: j.key });
  if (!mine) return null;
  // With a base (removals apply): the copies the merge base already had need not survive.
  const old = base ? recordContents(j.driver, path, base, { key: j.key }) : null;
  const skip = (id: string, at: number[]) => at.slice(0, old?.copies.get(id)?.length ?? 0);
  let best = [...mine.copies.entries()]
    .flatMap(([id, at]) => at.slice(skip(id, at).length))
    .sort((a, b) => a - b);
  for (const a of added) {
    if (driverOf(ctx.cwd, ctx.config, a.path, ctx.staged, ctx.commit) !== j.driver) continue;
    const buf = content(ctx, a.newOid, a.path);
    const there = buf && recordContents(j.driver, a.path, buf, { key: j.key });
    const had =
      there && recordContents(j.driver, path, before, { key: j.key, columns: columnsOf(there) });
    if (!there || !had) continue;
    const left: number[] = [];
    for (const [id, at] of had.copies) {
      const need = at.length - (old?.copies.get(id)?.length ?? 0);
      const now = there.copies.get(id)?.length ?? 0;
      if (need > 0 && now < need) left.push(...at.slice(now - need));
    }
    if (left.length < best.length) best = left.sort((a, b) => a - b);
  }
  return best;
}
