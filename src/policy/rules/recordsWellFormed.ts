import { proofKey } from "../../git/appendProofs.js";
import { isLfsPointer } from "../../git/blobs.js";
import type { Change } from "../../git/changes.js";
import { lfsContent, lfsPointer } from "../../git/lfs.js";
import { wellFormedMsg } from "../../io/messages/wellFormed.js";
import { driversOf } from "../../merge/driverOf.js";
import { BlobFiles } from "../../merge/sqlite/blobFiles.js";
import { type SqlDb, SqliteEngineMissing } from "../../merge/sqlite/engine.js";
import { openReadOnly } from "../../merge/sqlite/openDatabase.js";
import { FORM_CHECKS, judgesAppends } from "../../records/wellFormed.js";
import { databaseFile } from "../databaseFile.js";
import { largeTailProblem, RECORD_MAX, type TailProblem } from "../inputs/largeTail.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

const ID = "records-well-formed";
// The largest file this rule reads whole (an append to a larger one is judged by its new lines).
const READ_MAX = 256 * 1024 * 1024;

// The files a commit writes under a record driver, and the driver that will merge each.
const judged = new WeakMap<RuleContext, { c: Change; driver: string }[]>();
const writtenBy = (ctx: RuleContext): Change[] =>
  ctx.changes.filter((c) => c.newOid && (c.newMode === "100644" || c.newMode === "100755"));

// Keep the files a record driver merges, as driversOf named them.
function keep(ctx: RuleContext, drivers: Map<string, string | null>): void {
  const out: { c: Change; driver: string }[] = [];
  for (const c of writtenBy(ctx)) {
    const driver = drivers.get(c.path);
    if (driver && (driver === "sqlite" || FORM_CHECKS[driver])) out.push({ c, driver });
  }
  judged.set(ctx, out);
}

// One commit's candidates (one check-attr call) unless prepare() found them for every commit.
function candidates(ctx: RuleContext): { c: Change; driver: string }[] {
  if (!judged.has(ctx)) {
    const paths = writtenBy(ctx).map((c) => c.path);
    keep(
      ctx,
      paths.length
        ? driversOf(ctx.cwd, ctx.config, paths, ctx.staged, ctx.commit)
        : new Map<string, string | null>(),
    );
  }
  return judged.get(ctx)!;
}

// Where the new version starts to differ from an old one it extends: only the appended lines are
// judged (the old ones were judged when they came); 0 when it is not an append.
function appendedFrom(ctx: RuleContext, c: Change, now: Buffer): number {
  if (!c.oldOid || c.oldMode !== c.newMode) return 0;
  const old = ctx.blobs.read(c.oldOid);
  if (isLfsPointer(old) || old.length === 0 || old.length > now.length) return 0;
  if (!now.subarray(0, old.length).equals(old)) return 0;
  // Appended at a line start, or right before the newline that ends old's last line.
  return now[old.length - 1] === 10 || now[old.length] === 10 ? old.length : 0;
}

/**
 * recordsWellFormed: a file under a record merge driver (JSONL, CSV/TSV, lines, JSON, SQLite) is
 * committed only as its driver reads it: no conflict markers, every line parses, every CSV row
 * as wide as the header, a database that passes its integrity check. On every branch type.
 */
export const recordsWellFormed: Rule = {
  id: ID,
  // A push judges every commit with the default branch's attributes (attributesRev): all their
  // paths go to git in one check-attr call instead of one call per commit.
  prepare(contexts) {
    const shared = contexts.filter((ctx) => !ctx.staged && ctx.config.attributesRev);
    const rev = shared[0]?.config.attributesRev;
    const same = shared.filter((ctx) => ctx.config.attributesRev === rev);
    const paths = [...new Set(same.flatMap((ctx) => writtenBy(ctx).map((c) => c.path)))];
    if (same.length < 2 || !paths.length) return;
    const drivers = driversOf(same[0].cwd, same[0].config, paths, false);
    for (const ctx of same) keep(ctx, drivers);
  },
  prefetch(ctx) {
    const list = candidates(ctx).filter((x) => x.driver !== "sqlite");
    const grown = list.filter(
      (x) => x.c.oldOid && x.c.oldMode === x.c.newMode && judgesAppends(x.driver),
    );
    return {
      blobs: list.map((x) => x.c.newOid!),
      prefixes: grown.map((x) => [x.c.oldOid!, x.c.newOid!] as [string, string]),
      // A large or LFS-kept file is not read whole: its append is proven by streaming and only
      // the appended lines (with the header line) are kept for judging.
      appends: grown.map((x) => ({ old: x.c.oldOid!, now: x.c.newOid!, path: x.c.path })),
    };
  },
  check(ctx) {
    const out: Violation[] = [];
    const databases: Change[] = [];
    for (const { c, driver } of candidates(ctx)) {
      if (driver === "sqlite") {
        databases.push(c);
        continue;
      }
      const proof = c.oldOid ? ctx.blobs.proofs.get(proofKey(c.oldOid, c.newOid!)) : undefined;
      if (proof?.kind === "missing") continue; // lfs-objects says so
      if (proof?.kind === "append" && proof.tail) {
        out.push(...appendedProblems(ctx, c, driver, proof.head, proof.tail, proof.oldSize));
        continue;
      }
      // An append larger than the proof keeps: judged window by window from its file.
      if (proof?.kind === "append" && judgesAppends(driver)) {
        const p = largeTailProblem(
          ctx.cwd,
          c.newOid!,
          proof.file,
          driver,
          c.path,
          proof.head,
          proof.oldSize,
        );
        if (p) out.push(violation(ctx, ID, c.path, tailMessage(c.path, driver, p, proof.oldSize)));
        continue;
      }
      // A file too large to hold (a first delivery of gigabytes) is not read whole: said, not
      // silently passed (its appends are judged as they come).
      const stored = ctx.blobs.sizeOf([c.newOid!]).get(c.newOid!) ?? 0;
      const size = stored < 1024 ? (lfsPointer(ctx.blobs.read(c.newOid!))?.size ?? stored) : stored;
      if (size > READ_MAX) {
        const m = wellFormedMsg.tooLarge(c.path, size, READ_MAX);
        out.push({ ...violation(ctx, ID, c.path, m), severity: "warning" });
        continue;
      }
      const raw = ctx.blobs.read(c.newOid!);
      const lfs = isLfsPointer(raw);
      const now = lfs ? lfsContent(ctx.cwd, raw, c.path) : raw;
      // An LFS object that is not here: lfs-objects says so; there is nothing to read.
      if (!now) continue;
      const from = !lfs && judgesAppends(driver) ? appendedFrom(ctx, c, now) : 0;
      const p = FORM_CHECKS[driver](now, { from }, c.path);
      if (!p) continue;
      const m =
        p.kind === "markers"
          ? wellFormedMsg.markers(c.path, p.line)
          : wellFormedMsg.malformed(c.path, driver, p.line, p.detail);
      out.push(violation(ctx, ID, c.path, m));
    }
    if (databases.length) out.push(...sqliteProblems(ctx, databases));
    return out;
  },
};

// The appended bytes of a proven append, judged after the file's first line (a CSV's header):
// lines are counted from the start of the append, since the old content was never read.
function appendedProblems(
  ctx: RuleContext,
  c: Change,
  driver: string,
  head: Buffer,
  tail: Buffer,
  oldSize: number,
): Violation[] {
  const headLine = head[head.length - 1] === 10 ? head : Buffer.alloc(0);
  const p = FORM_CHECKS[driver](Buffer.concat([headLine, tail]), { from: headLine.length }, c.path);
  if (!p) return [];
  const line = `${p.line - (headLine.length ? 1 : 0)} of the records appended after byte ${oldSize}`;
  const m =
    p.kind === "markers"
      ? wellFormedMsg.markers(c.path, line)
      : wellFormedMsg.malformed(c.path, driver, line, p.detail);
  return [violation(ctx, ID, c.path, m)];
}

function tailMessage(path: string, driver: string, p: TailProblem, oldSize: number) {
  const line = `${p.line} of the records appended after byte ${oldSize}`;
  if (p.kind === "too-long") return wellFormedMsg.recordTooLong(path, driver, line, RECORD_MAX);
  return p.problem.kind === "markers"
    ? wellFormedMsg.markers(path, line)
    : wellFormedMsg.malformed(path, driver, line, p.problem.detail);
}

// Databases are opened read-only and immutable (see databaseFile): nothing beside any file.
function sqliteProblems(ctx: RuleContext, changes: Change[]): Violation[] {
  return changes.flatMap((c) => {
    const file = databaseFile(ctx, c.newOid!, c.path);
    // An LFS object that is not here: lfs-objects says so; there is nothing to open.
    if (!file && BlobFiles.of(ctx.cwd, ctx.blobs).lfsMissing(c.newOid!)) return [];
    const problem = file ? integrityProblem(file) : "no SQLite header";
    if (problem === NO_ENGINE)
      return [
        {
          ...violation(ctx, ID, c.path, wellFormedMsg.sqliteUnchecked(c.path)),
          severity: "warning" as const,
        },
      ];
    return problem ? [violation(ctx, ID, c.path, wellFormedMsg.sqlite(c.path, problem))] : [];
  });
}

const NO_ENGINE = "\0no engine";

// PRAGMA integrity_check's first findings, or null when the database is sound.
function integrityProblem(file: string): string | null {
  let db: SqlDb;
  try {
    db = openReadOnly(file);
  } catch (e) {
    // No engine here (Node 20 without better-sqlite3): a warning says the check was not made.
    if (e instanceof SqliteEngineMissing) return NO_ENGINE;
    return `cannot be opened: ${(e as Error).message.split("\n")[0]}`;
  }
  try {
    const rows = db.prepare("PRAGMA integrity_check(3)").pluck().all() as string[];
    return rows.length === 1 && rows[0] === "ok" ? null : rows.join("; ");
  } catch (e) {
    return `cannot be read: ${(e as Error).message.split("\n")[0]}`;
  } finally {
    db.close();
  }
}
