import { matchesAny } from "../../config/globs.js";
import { proofKey } from "../../git/appendProofs.js";
import { isLfsPointer } from "../../git/blobs.js";
import { lfsContent } from "../../git/lfs.js";
import { ruleMsg } from "../../io/messages/rules.js";
import { SQLITE_FILE } from "../../merge/sqlite/blobFiles.js";
import { type LineEdit, lineEdit } from "../inputs/lineEdit.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

/** Files that may grow at the end: the old content must be a byte prefix of the new. */
export const LINE_FILE = /\.(jsonl|ndjson|csv|tsv|txt|log)$/i;

function isPrefix(old: Buffer, now: Buffer): boolean {
  return now.length >= old.length && now.subarray(0, old.length).equals(old);
}

// Appending keeps the old records as records: when the old content ends inside a line (no final
// newline), what follows must start a new line, or "3,4" -> "3,45" would edit the last record.
function keepsLastRecord(old: Buffer, now: Buffer): boolean {
  if (!old.length || now.length === old.length) return true;
  const last = old[old.length - 1];
  const next = now[old.length];
  if (last === 0x0a) return true;
  if (last === 0x0d) return next === 0x0a;
  return next === 0x0a || (next === 0x0d && now[old.length + 1] === 0x0a);
}

// Where an edit is too big to locate by reading both versions, the message goes without the line.
const LOCATE_MAX = 64 * 1024 * 1024;

function appended(
  ctx: RuleContext,
  path: string,
  oldOid: string,
  newOid: string,
): true | "unknown" | "last-record" | LineEdit | null {
  const proof = ctx.blobs.proofs.get(proofKey(oldOid, newOid));
  if (proof?.kind === "append") return proof.lastRecordKept ? true : "last-record";
  if (proof?.kind === "missing") return "unknown";
  if (proof && Math.max(proof.oldSize, proof.newSize) > LOCATE_MAX) return null;
  let old = ctx.blobs.read(oldOid);
  let now = ctx.blobs.read(newOid);
  if (isLfsPointer(old) || isLfsPointer(now)) {
    const o = lfsContent(ctx.cwd, old, path);
    const n = lfsContent(ctx.cwd, now, path);
    if (!o || !n) return "unknown";
    old = o;
    now = n;
  }
  // Not an append: where and how the old lines were edited, for the message.
  if (!isPrefix(old, now)) return lineEdit(old, now);
  return keepsLastRecord(old, now) ? true : "last-record";
}

/**
 * Data types whose commits name where they came from (Derived-From): where corrections go. Model
 * types (a tagPattern, e.g. stable) name their data's source too, but train on it, not fix it.
 */
function derivedTypes(ctx: RuleContext): string[] {
  return Object.entries(ctx.config.types)
    .filter(
      ([, type]) =>
        !type.tagPattern && type.trailers?.some((r) => r.key.toLowerCase() === "derived-from"),
    )
    .map(([name]) => name);
}

/** appendOnly: committed files are never edited, deleted, renamed or re-moded; line files only grow. */
export const appendOnly: Rule = {
  id: "append-only",
  prefetch(ctx) {
    const globs = ctx.type.appendOnly;
    if (!globs?.length) return {};
    const grown = ctx.changes.filter(
      (c) =>
        c.status === "M" &&
        c.oldOid &&
        c.newOid &&
        LINE_FILE.test(c.path) &&
        matchesAny(c.path, globs),
    );
    // The old content is read only when it is not found at the start of the new; a large or
    // LFS-kept new version is proven by one streamed read instead (appends).
    return {
      blobs: grown.map((c) => c.newOid!),
      prefixes: grown.map((c) => [c.oldOid!, c.newOid!] as [string, string]),
      appends: grown.map((c) => ({ old: c.oldOid!, now: c.newOid!, path: c.path })),
    };
  },
  check(ctx) {
    const globs = ctx.type.appendOnly;
    if (!globs?.length) return [];
    const out: Violation[] = [];
    const added = new Map(
      ctx.changes.filter((c) => c.status === "A" && c.newOid).map((c) => [c.newOid, c.path]),
    );
    for (const c of ctx.changes) {
      if (!matchesAny(c.path, globs) || c.status === "A") continue;
      const t = ctx.typeName;
      if (c.status === "D") {
        const to = c.oldOid ? added.get(c.oldOid) : undefined;
        out.push(
          violation(
            ctx,
            "append-only",
            c.path,
            to
              ? ruleMsg.appendOnlyRenamed(c.path, to, ctx.branch, t)
              : ruleMsg.appendOnlyDeleted(c.path, ctx.branch, t),
          ),
        );
        continue;
      }
      if (c.oldMode !== c.newMode) {
        out.push(
          violation(
            ctx,
            "append-only",
            c.path,
            ruleMsg.appendOnlyMode(c.path, c.oldMode ?? "?", c.newMode ?? "?", ctx.branch, t),
          ),
        );
        continue;
      }
      if (c.oldOid === c.newOid) continue;
      // SQLite databases may gain rows: sqliteAppendOnly judges them row by row.
      if (c.status === "M" && SQLITE_FILE.test(c.path)) continue;
      const lineFile = LINE_FILE.test(c.path) && c.newMode !== "120000";
      if (lineFile && c.oldOid && c.newOid) {
        const ok = appended(ctx, c.path, c.oldOid, c.newOid);
        if (ok === true) continue;
        if (ok === "last-record") {
          out.push(
            violation(
              ctx,
              "append-only",
              c.path,
              ruleMsg.appendOnlyLastRecord(c.path, ctx.branch, t),
            ),
          );
          continue;
        }
        if (ok === "unknown") {
          out.push(
            violation(ctx, "append-only", c.path, ruleMsg.appendOnlyLfs(c.path, ctx.branch, t)),
          );
          continue;
        }
        if (ok) {
          out.push(
            violation(
              ctx,
              "append-only",
              c.path,
              ruleMsg.appendOnlyEdited(c.path, ctx.branch, t, ok, derivedTypes(ctx)),
            ),
          );
          continue;
        }
      }
      out.push(
        violation(
          ctx,
          "append-only",
          c.path,
          ruleMsg.appendOnlyModified(c.path, ctx.branch, t, lineFile, derivedTypes(ctx)),
        ),
      );
    }
    return out;
  },
};
