import { closeSync, openSync, readSync } from "node:fs";
import { matchesAny } from "../../config/globs.js";
import { sqliteRuleMsg } from "../../io/messages/sqlite.js";
import { SQLITE_FILE } from "../../merge/sqlite/blobFiles.js";
import { countConflicts, hasConflictsTable } from "../../merge/sqlite/conflicts.js";
import { SqliteEngineMissing, sqliteEngine } from "../../merge/sqlite/engine.js";
import { openReadOnly } from "../../merge/sqlite/openDatabase.js";
import { databaseFile } from "../databaseFile.js";
import type { Rule, Violation } from "../types.js";
import { violation } from "../violation.js";

const NAME = Buffer.from("mlbranch_conflicts");

/** sqliteConflicts: a database that still has mlbranch_conflicts (an unsettled merge) is refused. */
export const sqliteConflicts: Rule = {
  id: "sqlite-conflicts",
  check(ctx) {
    const out: Violation[] = [];
    for (const c of ctx.changes) {
      if (!c.newOid || c.status === "D" || c.newMode === "120000") continue;
      const sqliteByConfig = Object.entries(ctx.config.files ?? {}).some(
        ([glob, s]) => s.merge === "sqlite" && matchesAny(c.path, [glob]),
      );
      if (!SQLITE_FILE.test(c.path) && !sqliteByConfig) continue;
      const file = databaseFile(ctx, c.newOid, c.path);
      if (!file) continue;
      let n = 0;
      try {
        // No engine here (Node 20 without better-sqlite3): a database naming the table is
        // refused as unreadable, as before; one that does not cannot hold it.
        if (!sqliteEngineLoads() && !fileContains(file, NAME)) continue;
        const db = openReadOnly(file);
        try {
          // A database whose schema cannot be read holds no table: records-well-formed says
          // it is damaged; one that has the table yet cannot be counted is reported here.
          let has = false;
          try {
            has = hasConflictsTable(db);
          } catch {
            // damaged: not this rule's finding
          }
          if (has) n = countConflicts(db);
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
    return out;
  },
};

function sqliteEngineLoads(): boolean {
  try {
    sqliteEngine();
    return true;
  } catch (e) {
    if (e instanceof SqliteEngineMissing) return false;
    throw e;
  }
}

// Whether the file holds these bytes, read in 1 MiB chunks (never whole).
function fileContains(file: string, what: Buffer): boolean {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc((1 << 20) + what.length);
    let keep = 0;
    for (let n = 1; n > 0; ) {
      n = readSync(fd, buf, keep, buf.length - keep, null);
      if (buf.subarray(0, keep + n).indexOf(what) >= 0) return true;
      buf.copy(buf, 0, Math.max(0, keep + n - what.length + 1), keep + n);
      keep = Math.min(keep + n, what.length - 1);
    }
    return false;
  } finally {
    closeSync(fd);
  }
}
