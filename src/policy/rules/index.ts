import { matchesAny } from "../../config/globs.js";
import { lazyRule } from "../lazyRule.js";
import type { Rule, RuleContext } from "../types.js";
import { appendOnly } from "./appendOnly.js";
import { codeOnlyByMerge } from "./codeOnlyByMerge.js";
import { configChange } from "./configChange.js";
import { maxFileSize } from "./maxFileSize.js";
import { pathRules } from "./pathRules.js";
import { trailers } from "./trailers.js";

// Same as SQLITE_FILE in merge/sqlite/blobFiles.ts, which this module must not import (it is heavy).
const DATABASE = /\.(db|sqlite|sqlite3)$/i;

// A database by its name, or by a `files` entry of mlbranch.json that merges it as SQLite.
function touchesDatabase(ctx: RuleContext): boolean {
  const byConfig = Object.entries(ctx.config.files ?? {})
    .filter(([, s]) => s.merge === "sqlite")
    .map(([glob]) => glob);
  return ctx.changes.some(
    (c) => DATABASE.test(c.path) || (byConfig.length > 0 && matchesAny(c.path, byConfig)),
  );
}

/** Every commit rule, in the order their violations are reported. Later modules add theirs here. */
export const rules: Rule[] = [
  pathRules,
  appendOnly,
  codeOnlyByMerge,
  trailers,
  maxFileSize,
  // mlbranch.json changes only on the default branch
  configChange,
  // the merge-driver safety net: merge commits only
  lazyRule(
    "merge-keeps-records",
    (ctx) => ctx.parents.length > 1,
    async () => (await import("./mergeKeepsRecords.js")).mergeKeepsRecords,
  ),
  // data-quality gates, on the branch types that configure them
  lazyRule(
    "split",
    (ctx) => ctx.type.split !== undefined && ctx.changes.length > 0,
    async () => (await import("./split.js")).split,
  ),
  lazyRule(
    "monitor",
    (ctx) => ctx.type.monitor !== undefined && ctx.changes.length > 0,
    async () => (await import("./monitor.js")).monitor,
  ),
  // SQLite: no unresolved merge conflicts; append-only databases only gain rows
  lazyRule(
    "sqlite-conflicts",
    touchesDatabase,
    async () => (await import("./sqliteConflicts.js")).sqliteConflicts,
  ),
  lazyRule(
    "sqlite-append-only",
    (ctx) =>
      !!ctx.type.appendOnly?.length &&
      (ctx.parents.length > 1 || ctx.changes.some((c) => DATABASE.test(c.path))),
    async () => (await import("./sqliteAppendOnly.js")).sqliteAppendOnly,
  ),
];
