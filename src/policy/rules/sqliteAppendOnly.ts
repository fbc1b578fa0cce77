import { BlobFiles, SQLITE_FILE } from "../../merge/sqlite/blobFiles.js";
import { missingRows } from "../../merge/sqlite/missingRows.js";
import { ruleMsg, sqliteRuleMsg } from "../../messages.js";
import { matchesAny } from "../globs.js";
import type { Rule, Violation } from "../types.js";
import { violation } from "../violation.js";

/**
 * sqliteAppendOnly: an SQLite database on an append-only path only gains rows. The safety net for
 * merges: a merge's database holds every row that each parent's version holds.
 */
export const sqliteAppendOnly: Rule = {
  id: "sqlite-append-only",
  check(ctx) {
    const globs = ctx.type.appendOnly;
    if (!globs?.length) return [];
    const out: Violation[] = [];
    const files = new BlobFiles(ctx.cwd, ctx.blobs);
    try {
      for (const c of ctx.changes) {
        if (
          c.status !== "M" ||
          !c.newOid ||
          !SQLITE_FILE.test(c.path) ||
          !matchesAny(c.path, globs)
        )
          continue;
        const now = files.content(c.newOid, c.path);
        const asBytes = () =>
          violation(
            ctx,
            "append-only",
            c.path,
            ruleMsg.appendOnlyModified(c.path, ctx.branch, ctx.typeName, false),
          );
        if (!now) {
          out.push(asBytes()); // not a database (or its LFS content is missing): a changed file
          continue;
        }
        const nowFile = files.write(now);
        const parents = ctx.parents.length ? ctx.parents : [null];
        for (const [i, parent] of parents.entries()) {
          const oid = i === 0 ? c.oldOid : parent ? ctx.blobs.oidAt(parent, c.path) : null;
          if (!oid || oid === c.newOid) continue;
          const before = files.content(oid, c.path);
          if (!before) {
            if (i === 0) out.push(asBytes());
            continue;
          }
          const from = i === 0 ? "the previous commit" : `merged parent ${parent!.slice(0, 10)}`;
          try {
            for (const m of missingRows(files.write(before), nowFile))
              out.push(
                violation(
                  ctx,
                  "sqlite-append-only",
                  c.path,
                  sqliteRuleMsg.rowsLost(
                    c.path,
                    m.table,
                    m.missing,
                    from,
                    ctx.branch,
                    ctx.typeName,
                  ),
                ),
              );
          } catch (e) {
            out.push(
              violation(
                ctx,
                "sqlite-append-only",
                c.path,
                sqliteRuleMsg.unreadable(c.path, (e as Error).message),
              ),
            );
          }
        }
      }
    } finally {
      files.cleanup();
    }
    return out;
  },
};
