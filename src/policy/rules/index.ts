import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { matchesAny } from "../../config/globs.js";
import { serverLfsStores } from "../../git/lfsStore.js";
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

// Git LFS is in use in this work tree: its .gitattributes names the lfs filter, or git-lfs has
// a store. A bare repository (the server, judged from its git dir) counts when it has an LFS
// store of its own or one named in git config (serverLfsStores); a work tree never asks git.
const lfsUsed = new Map<string, boolean>();
function lfsInUse(cwd: string): boolean {
  let used = lfsUsed.get(cwd);
  if (used === undefined) {
    const attrs = join(cwd, ".gitattributes");
    used =
      (existsSync(attrs) && readFileSync(attrs, "utf8").includes("filter=lfs")) ||
      existsSync(join(cwd, ".git", "lfs")) ||
      (existsSync(join(cwd, "HEAD")) &&
        existsSync(join(cwd, "objects")) &&
        serverLfsStores(cwd).length > 0);
    lfsUsed.set(cwd, used);
  }
  return used;
}

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
  // Git LFS pointers whose object nobody has
  lazyRule(
    "lfs-objects",
    (ctx) => ctx.changes.length > 0 && lfsInUse(ctx.cwd),
    async () => (await import("./lfsObjects.js")).lfsObjects,
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
