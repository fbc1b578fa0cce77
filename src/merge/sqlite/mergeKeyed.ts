import { sqliteMsg } from "../../io/messages/sqlite.js";
import { bulkApply } from "./bulkApply.js";
import type { MergeContext, TableSettings } from "./context.js";
import type { SqlDb, SqlStatement } from "./engine.js";
import { rowsFrom } from "./ranges.js";
import { isIntegerKey, type TableInfo } from "./schema.js";
import { q, rowJson, type SqlValue, sameOn, sameValue, toJsonValue } from "./sql.js";

type Row = SqlValue[];

function raw(db: SqlDb, sql: string): SqlStatement {
  return db.prepare(sql).raw(true).safeIntegers(true);
}

const idx = (cols: string[], names: string[]) => names.map((n) => cols.indexOf(n));

/** Three-way merge of one table keyed by its primary key: theirs' changes since base go into ours. */
export function mergeKeyed(
  ctx: MergeContext,
  mi: TableInfo,
  ti: TableInfo,
  bi: TableInfo | null,
  s: TableSettings,
  ranges: [bigint, bigint][] | null,
): void {
  if (ranges && !ranges.length) return; // base and theirs hold the same rows
  const { db } = ctx;
  const T = q(mi.name);
  const mainCols = mi.columns.map((c) => c.name);
  const apply = ti.columns.map((c) => c.name).filter((c) => mainCols.includes(c));
  // Every column theirs shares with the result is compared; one base lacks (added since) counts
  // as its default there, which is what base's rows read as after ALTER TABLE ADD COLUMN.
  const cmp = apply;
  const baseCols = bi ? apply : [];
  const inBase = new Set(bi ? bi.columns.map((c) => c.name) : []);
  const dflt = new Map(ti.columns.map((c) => [c.name, c.dflt]));
  const bx = (c: string, as = "b") =>
    inBase.has(c) ? `${as}.${q(c)}` : `(${dflt.get(c) ?? "NULL"})`;
  const pk = mi.pk;
  const pkWhere = pk.map((c) => `${q(c)} IS ?`).join(" AND ");
  const list = (cols: string[], p = "") => cols.map((c) => p + q(c)).join(", ");
  const tPk = idx(apply, pk);
  const tm: [number, number][] = cmp.map((c) => [apply.indexOf(c), mainCols.indexOf(c)]);
  const mb: [number, number][] = cmp.map((c) => [mainCols.indexOf(c), baseCols.indexOf(c)]);
  const setCols = apply.filter((c) => !pk.includes(c));

  // Theirs' rows that reference a rekeyed parent get the parent's new id.
  const remaps = ti.fks
    .filter((f) => ctx.rekeyed.has(f.table.toLowerCase()) && apply.includes(f.from))
    .map((f) => ({ at: apply.indexOf(f.from), map: ctx.rekeyed.get(f.table.toLowerCase())! }));
  const remap = (r: Row) => {
    for (const { at, map } of remaps) {
      const v = map.get(String(r[at]));
      if (v !== undefined) r[at] = v;
    }
    return r;
  };

  const oursGet = raw(db, `SELECT ${list(mainCols)} FROM main.${T} WHERE ${pkWhere}`);
  const baseGet = bi
    ? raw(
        db,
        `SELECT ${baseCols.map((c) => bx(c)).join(", ")} FROM base.${T} AS b WHERE ${pk.map((c) => `b.${q(c)} IS ?`).join(" AND ")}`,
      )
    : null;
  const insert = db.prepare(
    `INSERT INTO main.${T} (${list(apply)}) VALUES (${apply.map(() => "?").join(", ")})`,
  );
  const update = setCols.length
    ? db.prepare(
        `UPDATE main.${T} SET ${setCols.map((c) => `${q(c)} = ?`).join(", ")} WHERE ${pkWhere}`,
      )
    : null;
  const del = db.prepare(`DELETE FROM main.${T} WHERE ${pkWhere}`);
  const setIdx = idx(apply, setCols);
  const keyOf = (r: Row, at: number[]) => at.map((i) => r[i]);

  const conflict = (
    key: SqlValue[],
    b: Row | null,
    o: Row | null,
    t: Row | null,
    reason: string,
  ) => {
    ctx.conflicts.push({
      table: mi.name,
      pk: JSON.stringify(rowJsonArray(key)),
      base: rowJson(baseCols, b),
      ours: rowJson(mainCols, o),
      theirs: rowJson(apply, t),
      reason,
    });
  };
  const tryRun = (key: SqlValue[], b: Row | null, o: Row | null, t: Row | null, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith("SQLITE_CONSTRAINT"))
        conflict(
          key,
          b,
          o,
          t,
          `theirs' row breaks a constraint in the merged table: ${(e as Error).message}`,
        );
      else throw e;
    }
  };
  const put = (t: Row, exists: boolean) => {
    if (exists) {
      if (update) update.run(...keyOf(t, setIdx), ...keyOf(t, tPk));
      ctx.stats.updated++;
    } else {
      insert.run(...t);
      ctx.stats.inserted++;
    }
  };
  // Both sides touched the row: apply the table's onConflict choice, or record a conflict.
  const settle = (key: SqlValue[], b: Row | null, o: Row | null, t: Row | null, reason: string) => {
    if (s.onConflict === "ours") return;
    if (s.onConflict === "conflict") return conflict(key, b, o, t, reason);
    tryRun(key, b, o, t, () => {
      if (t) put(t, o !== null);
      else {
        del.run(...key);
        ctx.stats.deleted++;
      }
    });
  };

  let nextId: bigint | null = null;
  const rekeyMap = new Map<string, SqlValue>();
  const rekey = s.rekey && isIntegerKey(mi) && isIntegerKey(ti);

  // Many changes: apply the non-conflicting ones set-wise, then restart the row-by-row pass
  // (idempotent: rows done are equal to theirs; conflicts found so far are found again).
  // Not with ids to renumber or follow, which need a decision per row.
  const bulkAfter = ctx.opts.bulkAfter ?? 20_000;
  const bulkOk = bi && !rekey && !remaps.length && !ctx.opts.rowByRow;
  let bulkDone = false;
  const mark = ctx.conflicts.length;
  const changed = (conn: SqlDb) =>
    bi
      ? `SELECT ${list(apply, "t.")}, b.${q(bi.withoutRowid ? pk[0] : "rowid")} IS NULL FROM ${rowsFrom(conn, "theirs", mi.name, "t", ranges)} LEFT JOIN base.${T} AS b ON ${pk.map((c) => `b.${q(c)} IS t.${q(c)}`).join(" AND ")}` +
        ` WHERE (b.${q(bi.withoutRowid ? pk[0] : "rowid")} IS NULL OR NOT (${cmp.map((c) => `t.${q(c)} IS ${bx(c)}`).join(" AND ") || "1"}))`
      : `SELECT ${list(apply)}, 1 FROM theirs.${T}`;
  // After the set-wise step only rows ours does not already hold as theirs are left: few, so
  // the writer itself can list them.
  const leftover = () =>
    raw(
      db,
      `${changed(db)} AND NOT EXISTS (SELECT 1 FROM main.${T} AS m WHERE ${pk.map((c) => `m.${q(c)} IS t.${q(c)}`).join(" AND ")} AND ${cmp.map((c) => `m.${q(c)} IS t.${q(c)}`).join(" AND ") || "1"})`,
    ).all() as Row[];
  // Streamed from the reader: a side that rewrote a whole table does not fill memory.
  pass: for (;;) {
    let seen = 0;
    const rows = bulkDone
      ? leftover()
      : (raw(ctx.reader, changed(ctx.reader)).iterate() as IterableIterator<Row>);
    for (const full of rows) {
      if (bulkOk && !bulkDone && seen++ >= bulkAfter) {
        bulkDone = true;
        ctx.conflicts.length = mark;
        bulkApply(
          ctx,
          mi,
          bi!,
          {
            apply,
            cmp,
            setCols,
            baseExpr: bx,
            oursOnly: mi.columns
              .filter((c) => !apply.includes(c.name) && !inBase.has(c.name))
              .map((c) => ({ name: c.name, dflt: c.dflt })),
          },
          ranges,
        );
        continue pass;
      }
      const isNew = !!full.pop();
      const t = remap(full);
      const key = keyOf(t, tPk);
      const o = oursGet.get(...key) as Row | undefined;
      if (isNew) {
        if (!o) tryRun(key, null, null, t, () => put(t, false));
        else if (sameOn(t, o, tm)) continue;
        else if (rekey) {
          if (nextId === null) {
            const m = (c: string) =>
              (db
                .prepare(`SELECT max(${q(pk[0])}) FROM ${c}.${T}`)
                .pluck()
                .safeIntegers(true)
                .get() as bigint | null) ?? 0n;
            const [mm, mt] = [m("main"), m("theirs")];
            // biome-ignore lint/complexity/useMathMinMax: BigInt values; Math.max takes numbers
            nextId = (mm > mt ? mm : mt) + 1n;
          }
          const old = t[tPk[0]];
          t[tPk[0]] = nextId++;
          rekeyMap.set(String(old), t[tPk[0]]);
          tryRun([t[tPk[0]]], null, null, t, () => put(t, false));
        } else settle(key, null, o, t, "both sides added this key with different content");
        continue;
      }
      const b = baseGet!.get(...key) as Row;
      if (!o) settle(key, b, null, t, "ours deleted the row, theirs changed it");
      else if (sameOn(t, o, tm)) continue;
      else if (sameOn(o, b, mb)) tryRun(key, b, o, t, () => put(t, true));
      else {
        const m = cellwise(t, o, b, apply, mainCols, baseCols, cmp);
        if (s.cellwise && m.row) {
          const row = m.row;
          tryRun(key, b, o, t, () => put(row, true));
        } else
          settle(
            key,
            b,
            o,
            t,
            s.cellwise ? sqliteMsg.cellsClash(m.clash) : "both sides changed the row differently",
          );
      }
    }
    break;
  }
  if (rekeyMap.size) ctx.rekeyed.set(mi.name.toLowerCase(), rekeyMap);
  if (!bi) return;

  const bPk = idx(baseCols, pk);
  // Columns only ours has (ours added them): a value other than the default is ours' change.
  const oursOnly = mi.columns
    .filter((c) => !apply.includes(c.name) && !inBase.has(c.name))
    .map((c) => ({ at: mainCols.indexOf(c.name), dflt: c.dflt }));
  const dfltOf = new Map<string | null, SqlValue>();
  const defaultValue = (expr: string | null) => {
    if (!dfltOf.has(expr))
      dfltOf.set(
        expr,
        expr === null
          ? null
          : ((db.prepare(`SELECT (${expr})`).pluck().safeIntegers(true).get() as SqlValue) ?? null),
      );
    return dfltOf.get(expr) as SqlValue;
  };
  const oursOnlyAsBase = (o: Row) =>
    oursOnly.every((c) => sameValue(o[c.at], defaultValue(c.dflt)));
  const gone = raw(
    ctx.reader,
    `SELECT ${baseCols.map((c) => bx(c)).join(", ")} FROM ${rowsFrom(ctx.reader, "base", mi.name, "b", ranges)} WHERE NOT EXISTS (SELECT 1 FROM theirs.${T} AS t WHERE ${pk.map((c) => `t.${q(c)} IS b.${q(c)}`).join(" AND ")})`,
  ).iterate() as IterableIterator<Row>;
  for (const b of gone) {
    const key = keyOf(b, bPk);
    const o = oursGet.get(...key) as Row | undefined;
    if (!o) continue;
    if (sameOn(o, b, mb) && oursOnlyAsBase(o)) {
      del.run(...key);
      ctx.stats.deleted++;
    } else settle(key, b, o, null, "ours changed the row, theirs deleted it");
  }
}

/**
 * Merge column by column: each side's changed columns apply. Returns the merged row, or the
 * columns both sides changed to different values.
 */
function cellwise(
  t: Row,
  o: Row,
  b: Row,
  apply: string[],
  mainCols: string[],
  baseCols: string[],
  cmp: string[],
): { row: Row | null; clash: string[] } {
  const out = [...t];
  const clash: string[] = [];
  for (const c of cmp) {
    const [ti, oi, bi] = [apply.indexOf(c), mainCols.indexOf(c), baseCols.indexOf(c)];
    if (sameValue(t[ti], o[oi]) || sameValue(o[oi], b[bi])) continue;
    if (sameValue(t[ti], b[bi])) out[ti] = o[oi];
    else clash.push(c);
  }
  return clash.length ? { row: null, clash } : { row: out, clash };
}

function rowJsonArray(key: SqlValue[]): unknown[] {
  return key.map(toJsonValue);
}
