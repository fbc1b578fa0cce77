import { matchesAny } from "../../config/globs.js";
import { sqliteRuleMsg } from "../../io/messages/sqlite.js";
import { BlobFiles, SQLITE_FILE } from "../../merge/sqlite/blobFiles.js";
import { readConflicts } from "../../merge/sqlite/conflicts.js";
import { openReadOnly } from "../../merge/sqlite/openDatabase.js";
import type { Rule, Violation } from "../types.js";
import { violation } from "../violation.js";

const NAME = Buffer.from("mlbranch_conflicts");

/** sqliteConflicts: a database that still has mlbranch_conflicts (an unsettled merge) is refused. */
export const sqliteConflicts: Rule = {
  id: "sqlite-conflicts",
  check(ctx) {
    const out: Violation[] = [];
    const files = new BlobFiles(ctx.cwd, ctx.blobs);
    try {
      for (const c of ctx.changes) {
        if (!c.newOid || c.status === "D" || c.newMode === "120000") continue;
        const sqliteByConfig = Object.entries(ctx.config.files ?? {}).some(
          ([glob, s]) => s.merge === "sqlite" && matchesAny(c.path, [glob]),
        );
        if (!SQLITE_FILE.test(c.path) && !sqliteByConfig) continue;
        const bytes = files.content(c.newOid, c.path);
        // The table's name is in the schema page; bytes without it cannot hold the table.
        if (!bytes || bytes.indexOf(NAME) < 0) continue;
        let n = 0;
        try {
          const db = openReadOnly(files.write(bytes));
          try {
            n = readConflicts(db).length;
          } finally {
            db.close();
          }
        } catch (e) {
          out.push(
            violation(
              ctx,
              "sqlite-conflicts",
              c.path,
              sqliteRuleMsg.unreadable(c.path, (e as Error).message),
            ),
          );
          continue;
        }
        if (n)
          out.push(
            violation(ctx, "sqlite-conflicts", c.path, sqliteRuleMsg.conflictsLeft(c.path, n)),
          );
      }
    } finally {
      files.cleanup();
    }
    return out;
  },
};
