import { matchesAny } from "../../config/globs.js";
import type { Change } from "../../git/changes.js";
import { execGitBuffer, runGit } from "../../git/execGit.js";
import { ruleMsg } from "../../io/messages/rules.js";
import { sqliteRuleMsg } from "../../io/messages/sqlite.js";
import { SQLITE_FILE } from "../../merge/sqlite/blobFiles.js";
import { missingRows } from "../../merge/sqlite/missingRows.js";
import { databaseFile } from "../databaseFile.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

/**
 * sqliteAppendOnly: an SQLite database on an append-only path only gains rows. The safety net for
 * merges: a merge's database holds every row that each parent's version holds. Each version is
 * read at most once per check and compared inside SQLite (see databaseFile, missingRows): memory
 * stays flat whatever the database's size.
 */
export const sqliteAppendOnly: Rule = {
  id: "sqlite-append-only",
  check(ctx) {
    const globs = ctx.type.appendOnly;
    if (!globs?.length) return [];
    const out: Violation[] = [];
    for (const c of [...ctx.changes, ...unchangedInMerge(ctx, globs)]) {
      if (c.status !== "M" || !c.newOid || !SQLITE_FILE.test(c.path) || !matchesAny(c.path, globs))
        continue;
      const nowFile = databaseFile(ctx, c.newOid, c.path);
      const asBytes = () =>
        violation(
          ctx,
          "append-only",
          c.path,
          ruleMsg.appendOnlyModified(c.path, ctx.branch, ctx.typeName, false),
        );
      if (!nowFile) {
        out.push(asBytes()); // not a database (or its LFS content is missing): a changed file
        continue;
      }
      const parents = ctx.parents.length ? ctx.parents : [null];
      for (const [i, parent] of parents.entries()) {
        const oid = i === 0 ? c.oldOid : parent ? ctx.blobs.oidAt(parent, c.path) : null;
        if (!oid || oid === c.newOid) continue;
        const before = databaseFile(ctx, oid, c.path);
        if (!before) {
          if (i === 0) out.push(asBytes());
          continue;
        }
        const from = i === 0 ? "the previous commit" : `merged parent ${parent!.slice(0, 10)}`;
        try {
          for (const m of missingRows(before, nowFile))
            out.push(
              violation(
                ctx,
                "sqlite-append-only",
                c.path,
                sqliteRuleMsg.rowsLost(c.path, m.table, m.missing, from, ctx.branch, ctx.typeName),
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
    return out;
  },
};

/**
 * In a merge, a database equal to the first parent's (e.g. after `git checkout --ours`) is no
 * change against it, yet may have dropped what another parent added: list those too.
 */
function unchangedInMerge(ctx: RuleContext, globs: string[]): Change[] {
  if (ctx.parents.length < 2) return [];
  const changed = new Set(ctx.changes.map((c) => c.path));
  const opts = { cwd: ctx.cwd, env: ctx.env };
  const list = ctx.commit
    ? execGitBuffer(["ls-tree", "-r", "-z", "--name-only", ctx.commit], opts)
    : execGitBuffer(["ls-files", "-z"], opts);
  const out: Change[] = [];
  for (const path of list.toString("utf8").split("\0")) {
    if (!path || changed.has(path) || !SQLITE_FILE.test(path) || !matchesAny(path, globs)) continue;
    const oid = ctx.commit
      ? ctx.blobs.oidAt(ctx.commit, path)
      : runGit(["rev-parse", "--verify", "-q", `:${path}`], { ...opts, okCodes: [1, 128] })
          .stdout.toString("utf8")
          .trim() || null;
    if (oid)
      out.push({ path, status: "M", oldOid: oid, newOid: oid, oldMode: null, newMode: null });
  }
  return out;
}
