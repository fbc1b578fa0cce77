import { copyFileSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqliteMergeOptions } from "../../src/merge/sqlite/context.js";
import { openDatabase } from "../../src/merge/sqlite/openDatabase.js";
import { runSqliteDriver } from "../../src/merge/sqlite/runSqliteDriver.js";
import "../helpers/sqliteRepo.js";
import { missing } from "../helpers/requires.js";

// Property tests on random row sets, merged in-process by the same function the driver entry
// calls. MLBRANCH_PROPERTY_RUNS scales the number of runs (default 40).
const RUNS = Number(process.env.MLBRANCH_PROPERTY_RUNS ?? 40);

let dir: string;
let n = 0;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-sqlite-prop-")));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Rows = Map<number, string>;
const quiet = { cwd: tmpdir(), err: () => {} };

function writeDb(
  path: string,
  create: string,
  rows: [number | null, string][],
  keyed: boolean,
): void {
  const db = openDatabase(path);
  db.exec(create);
  const ins = db.prepare(keyed ? "INSERT INTO t VALUES (?, ?)" : "INSERT INTO t VALUES (?, ?)");
  db.transaction(() => {
    for (const r of rows) ins.run(...r);
  })();
  db.close();
}

function readRows(path: string, q: string, exact = false): unknown[] {
  const db = openDatabase(path, { readonly: true });
  try {
    return db.prepare(q).raw(true).safeIntegers(exact).all();
  } finally {
    db.close();
  }
}

/** Merge with `a` as ours and `b` as theirs; returns the exit code and the result file. */
async function merge(
  base: string,
  a: string,
  b: string,
  opts: SqliteMergeOptions = {},
): Promise<{ code: number; file: string }> {
  const file = join(dir, `r${n++}.db`);
  copyFileSync(a, file);
  const code = await runSqliteDriver([base, file, b, "7", "t.db"], quiet, opts);
  return { code, file };
}

const value = fc.constantFrom("a", "b", "c");
const side = (base: Rows) =>
  fc.record({
    inserts: fc.dictionary(fc.integer({ min: 100, max: 130 }).map(String), value, { maxKeys: 8 }),
    updates: fc
      .subarray([...base.keys()])
      .chain((ks) =>
        fc.tuple(fc.constant(ks), fc.array(value, { minLength: ks.length, maxLength: ks.length })),
      ),
    deletes: fc.subarray([...base.keys()]),
  });
const scenario = fc
  .dictionary(fc.integer({ min: 1, max: 40 }).map(String), value, { maxKeys: 25 })
  .map((d) => new Map(Object.entries(d).map(([k, v]) => [Number(k), v])) as Rows)
  .chain((base) => fc.tuple(fc.constant(base), side(base), side(base)));

interface SideEdits {
  inserts: Record<string, string>;
  updates: [number[], string[]];
  deletes: number[];
}

function apply(base: Rows, s: SideEdits): Rows {
  const out = new Map(base);
  for (const [i, k] of s.updates[0].entries()) out.set(k, s.updates[1][i]);
  for (const k of s.deletes) out.delete(k);
  for (const [k, v] of Object.entries(s.inserts)) out.set(Number(k), v);
  return out;
}

/** The three-way result by key and whether some key conflicts. */
function model(
  base: Rows,
  ours: Rows,
  theirs: Rows,
): { rows: Rows; conflict: boolean; conflicts: number } {
  const rows = new Map<number, string>();
  let conflict = false;
  let conflicts = 0;
  for (const k of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const [b, o, t] = [base.get(k), ours.get(k), theirs.get(k)];
    if (o === t || t === b) {
      if (o !== undefined) rows.set(k, o);
    } else if (o === b) {
      if (t !== undefined) rows.set(k, t);
    } else {
      conflict = true;
      conflicts++;
      if (o !== undefined) rows.set(k, o);
    }
  }
  return { rows, conflict, conflicts };
}

describe.skipIf(missing("sqlite-engine"))("mlbranch-sqlite properties (fast-check)", () => {
  it("keyed tables: the three-way result, no inserted row lost, same set whichever side is ours, conflicts exit 1", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([base, so, st]) => {
        const ours = apply(base, so);
        const theirs = apply(base, st);
        const create = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
        const f = (name: string, rows: Rows) => {
          const p = join(dir, `${name}${n++}.db`);
          writeDb(p, create, [...rows], true);
          return p;
        };
        const [pb, po, pt] = [f("b", base), f("o", ours), f("t", theirs)];
        const m = model(base, ours, theirs);
        const ab = await merge(pb, po, pt);
        // The other way round with the set-wise path forced on (it starts after 20k rows otherwise).
        const ba = await merge(pb, pt, po, { bulkAfter: 0 });
        expect(ab.code).toBe(m.conflict ? 1 : 0);
        expect(ba.code).toBe(m.conflict ? 1 : 0);
        const got = readRows(ab.file, "SELECT id, v FROM t ORDER BY id");
        expect(got).toEqual([...m.rows].sort((x, y) => x[0] - y[0]));
        const mb = model(base, theirs, ours);
        expect(readRows(ba.file, "SELECT id, v FROM t ORDER BY id")).toEqual(
          [...mb.rows].sort((x, y) => x[0] - y[0]),
        );
        const nConflicts = (f: string) =>
          m.conflict
            ? (readRows(f, "SELECT count(*) FROM mlbranch_conflicts")[0] as number[])[0]
            : 0;
        expect(nConflicts(ab.file)).toBe(m.conflicts);
        expect(nConflicts(ba.file)).toBe(m.conflicts);
        if (!m.conflict) expect(readRows(ba.file, "SELECT id, v FROM t ORDER BY id")).toEqual(got);
        else {
          // Every row either side inserted is in the table or in mlbranch_conflicts.
          const kept = new Set(
            (
              readRows(ab.file, "SELECT ours, theirs FROM mlbranch_conflicts") as (
                | string
                | null
              )[][]
            )
              .flat()
              .filter((x): x is string => x !== null),
          );
          const table = new Set((got as [number, string][]).map(([k, v]) => `${k}:${v}`));
          for (const rows of [ours, theirs])
            for (const [k, v] of rows)
              if (!base.has(k))
                expect(table.has(`${k}:${v}`) || kept.has(JSON.stringify({ id: k, v }))).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("tables without a key: copies counted as the model says, exact integers, whichever side is ours", async () => {
    // Values near and past 2^53 (equal as doubles, different as integers) and duplicates.
    const val = fc.constantFrom<bigint | string>(
      1n,
      9007199254740992n,
      9007199254740993n,
      -9007199254740993n,
      "x",
    );
    const row = fc.tuple(val, fc.constantFrom("p", "q"));
    const bag = fc.array(row, { maxLength: 10 });
    const sideOf = (base: [bigint | string, string][]) =>
      fc.tuple(fc.subarray(base.map((_, i) => i)), bag);
    const scenario = bag.chain((b) =>
      fc.tuple(fc.constant(b), sideOf(b), sideOf(b), fc.array(row, { maxLength: 3 })),
    );
    await fc.assert(
      fc.asyncProperty(scenario, async ([b, [keepO, addO], [keepT, addT], delivery]) => {
        const create = "CREATE TABLE t (k, v TEXT)";
        // Each side keeps some of base's rows and adds others; a shared delivery lands on both.
        const ours = [...keepO.map((i) => b[i]), ...addO, ...delivery];
        const theirs = [...keepT.map((i) => b[i]), ...addT, ...delivery];
        const f = (name: string, rows: [bigint | string, string][]) => {
          const p = join(dir, `${name}${n++}.db`);
          writeDb(p, create, rows as [number, string][], false);
          return p;
        };
        const [pb, po, pt] = [f("b", b), f("o", ours), f("t", theirs)];
        const id = (r: unknown[]) => r.map((x) => `${typeof x}:${x}`).join("|");
        const count = (rows: unknown[][]) => {
          const m = new Map<string, number>();
          for (const r of rows) m.set(id(r), (m.get(id(r)) ?? 0) + 1);
          return m;
        };
        const [cb, co, ct] = [count(b), count(ours), count(theirs)];
        // The model: each side's change in a row's count applies; both added -> the larger
        // addition; both removed -> the larger removal.
        const combine = (dO: number, dT: number) =>
          dO > 0 && dT > 0 ? Math.max(dO, dT) : dO < 0 && dT < 0 ? Math.min(dO, dT) : dO + dT;
        const want = new Map<string, number>();
        for (const k of new Set([...cb.keys(), ...co.keys(), ...ct.keys()])) {
          const base = cb.get(k) ?? 0;
          const c = base + combine((co.get(k) ?? 0) - base, (ct.get(k) ?? 0) - base);
          if (c > 0) want.set(k, c);
        }
        for (const [x, y] of [
          [po, pt],
          [pt, po],
        ]) {
          const r = await merge(pb, x, y);
          expect(r.code).toBe(0);
          const got = count(readRows(r.file, "SELECT k, v FROM t", true) as unknown[][]);
          expect(new Map([...got].sort())).toEqual(new Map([...want].sort()));
        }
      }),
      { numRuns: RUNS },
    );
  });

  // A failure's seed and path, to replay it: SEED_ONCE=<seed> SEED_PATH=<path> npx vitest run ...
  const SEED_ONCE = process.env.SEED_ONCE
    ? { seed: Number(process.env.SEED_ONCE), path: process.env.SEED_PATH, endOnFailure: true }
    : {};
  it("keyed tables with schema changes: cell-wise three-way by column, renames carry values, added columns keep both sides' values, a drop against an edit conflicts", async () => {
    // Columns by identity: a (maybe renamed to a2), b (maybe dropped), c (maybe added).
    type Cell = string | null;
    type R = { a: Cell; b: Cell; c: Cell };
    type Schema = "none" | "rename" | "add" | "drop";
    const cell = fc.constantFrom<Cell>("x", "y", null);
    const ids = fc.integer({ min: 1, max: 7 });
    const sideArb = fc.record({
      schema: fc.constantFrom<Schema>("none", "rename", "add", "drop"),
      edits: fc.array(fc.tuple(ids, fc.constantFrom<"a" | "b">("a", "b"), cell), {
        maxLength: 3,
      }),
      deletes: fc.array(ids, { maxLength: 1 }),
      inserts: fc.array(fc.tuple(fc.integer({ min: 8, max: 10 }), cell, cell), { maxLength: 2 }),
      cvals: fc.array(fc.tuple(fc.integer({ min: 1, max: 10 }), cell), { maxLength: 3 }),
    });
    const baseArb = fc.dictionary(
      ids.map(String),
      fc.tuple(cell, cell).map(([a, b]) => ({ a, b, c: null }) as R),
      { maxKeys: 6 },
    );
    type SideSpec = typeof sideArb extends fc.Arbitrary<infer T> ? T : never;

    // A side's rows by identity, as its SQL leaves them.
    const applySide = (base: Map<number, R>, sp: SideSpec): Map<number, R> => {
      const out = new Map([...base].map(([k, v]) => [k, { ...v }]));
      for (const [id, col, v] of sp.edits) {
        if (sp.schema === "rename" && col === "a") continue; // a renaming side leaves a's cells
        const r = out.get(id);
        if (r) r[col] = v;
      }
      for (const id of sp.deletes) out.delete(id);
      for (const [id, a, b] of sp.inserts) if (!out.has(id)) out.set(id, { a, b, c: null });
      if (sp.schema === "add") for (const [id, v] of sp.cvals) if (out.get(id)) out.get(id)!.c = v;
      if (sp.schema === "drop") for (const r of out.values()) r.b = null;
      return out;
    };
    const sqlFor = (base: Map<number, R>, sp: SideSpec): string => {
      const st: string[] = [];
      const lit = (v: Cell) => (v === null ? "NULL" : `'${v}'`);
      for (const [id, col, v] of sp.edits)
        if (!(sp.schema === "rename" && col === "a"))
          st.push(`UPDATE t SET ${col} = ${lit(v)} WHERE id = ${id}`);
      for (const id of sp.deletes) st.push(`DELETE FROM t WHERE id = ${id}`);
      const seen = new Set(base.keys());
      for (const [id, a, b] of sp.inserts)
        if (!seen.has(id)) {
          seen.add(id);
          st.push(`INSERT OR IGNORE INTO t (id, a, b) VALUES (${id}, ${lit(a)}, ${lit(b)})`);
        }
      if (sp.schema === "rename") st.push("ALTER TABLE t RENAME COLUMN a TO a2");
      if (sp.schema === "add") {
        st.push("ALTER TABLE t ADD COLUMN c TEXT");
        for (const [id, v] of sp.cvals) st.push(`UPDATE t SET c = ${lit(v)} WHERE id = ${id}`);
      }
      if (sp.schema === "drop") st.push("ALTER TABLE t DROP COLUMN b");
      return st.join(";");
    };
    // The model, written plainly.
    const model = (
      base: Map<number, R>,
      o: Map<number, R>,
      t: Map<number, R>,
      so: Schema,
      st: Schema,
    ): { conflict: boolean; cols: string[]; rows: Cell[][] } => {
      let conflict = false;
      const has = (s: Schema, c: "b" | "c") => (c === "b" ? s !== "drop" : s === "add");
      // A side that lacks a column reads as base there (b) or as its default (c: NULL).
      const read = (side: Map<number, R>, s: Schema, id: number, c: "a" | "b" | "c") => {
        const r = side.get(id)!;
        if (c !== "a" && !has(s, c)) return c === "b" ? (base.get(id)?.b ?? null) : null;
        return r[c];
      };
      for (const [dropper, other, os] of [
        [so, t, st],
        [st, o, so],
      ] as const) {
        if (dropper !== "drop" || os === "drop") continue;
        for (const [id, r] of other)
          if (base.has(id) ? r.b !== base.get(id)!.b : r.b !== null) conflict = true;
      }
      const cols = [
        "id",
        so === "rename" || st === "rename" ? "a2" : "a",
        ...(so === "drop" || st === "drop" ? [] : ["b"]),
        ...(so === "add" || st === "add" ? ["c"] : []),
      ];
      const idents = ["a", "b", "c"].filter((c) =>
        c === "a" ? true : c === "b" ? cols.includes("b") : cols.includes("c"),
      ) as ("a" | "b" | "c")[];
      const rows: Cell[][] = [];
      const all = [...new Set([...base.keys(), ...o.keys(), ...t.keys()])].sort((x, y) => x - y);
      for (const id of all) {
        const [b, inO, inT] = [base.get(id), o.has(id), t.has(id)];
        const val = (side: Map<number, R>, s: Schema, c: "a" | "b" | "c") => read(side, s, id, c);
        const baseVal = (c: "a" | "b" | "c") => (c === "c" ? null : (b?.[c] ?? null));
        const same = (side: Map<number, R>, s: Schema) =>
          (["a", "b", "c"] as const).every((c) => val(side, s, c) === baseVal(c));
        if (!b) {
          if (inO && inT) {
            // Inserted on both sides: a column only one side has (c, added) is that side's
            // value, as a base row's would be; a column both have must agree.
            const both = (c: "a" | "b" | "c") => c !== "c" || (has(so, "c") && has(st, "c"));
            const eq = idents.every((c) => !both(c) || val(o, so, c) === val(t, st, c));
            if (!eq) conflict = true;
            rows.push([
              String(id),
              ...idents.map((c) => (c !== "c" || has(so, "c") ? val(o, so, c) : val(t, st, c))),
            ]);
          } else if (inO || inT) {
            const [side, s] = inO ? [o, so] : [t, st];
            rows.push([String(id), ...idents.map((c) => val(side, s, c))]);
          }
          continue;
        }
        if (!inO && !inT) continue;
        if (!inO || !inT) {
          const [side, s] = inO ? [o, so] : [t, st];
          if (!same(side, s)) {
            conflict = true;
            if (inO) rows.push([String(id), ...idents.map((c) => val(o, so, c))]);
          }
          continue;
        }
        const row: Cell[] = [String(id)];
        for (const c of idents) {
          const [bv, ov, tv] = [baseVal(c), val(o, so, c), val(t, st, c)];
          if (ov === tv || tv === bv) row.push(ov);
          else if (ov === bv) row.push(tv);
          else {
            conflict = true;
            row.push(ov);
          }
        }
        rows.push(row);
      }
      return { conflict, cols, rows };
    };
    await fc.assert(
      fc.asyncProperty(baseArb, sideArb, sideArb, async (baseObj, so, st) => {
        // Both sides renaming is the same rename; one side drops and the other adds at most.
        const base = new Map(Object.entries(baseObj).map(([k, v]) => [Number(k), v]));
        const create = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)";
        const pb = join(dir, `sb${n++}.db`);
        const bdb = openDatabase(pb);
        bdb.exec(create);
        const ins = bdb.prepare("INSERT INTO t VALUES (?, ?, ?)");
        for (const [k, r] of base) ins.run(k, r.a, r.b);
        bdb.close();
        const side = (sp: SideSpec) => {
          const p = join(dir, `ss${n++}.db`);
          copyFileSync(pb, p);
          const d = openDatabase(p);
          d.exec(sqlFor(base, sp));
          d.close();
          return p;
        };
        const [po, pt] = [side(so), side(st)];
        const [o, t] = [applySide(base, so), applySide(base, st)];
        const m = model(base, o, t, so.schema, st.schema);
        const r = await merge(pb, po, pt);
        expect(r.code).toBe(m.conflict ? 1 : 0);
        if (m.conflict) return;
        const got = readRows(r.file, `SELECT ${m.cols.join(", ")} FROM t ORDER BY id`).map((row) =>
          (row as unknown[]).map((v, i) => (i === 0 ? String(v) : v)),
        );
        expect(got).toEqual(m.rows);
      }),
      { numRuns: RUNS, ...SEED_ONCE },
    );
  });

  it("comparing only the pages that differ, and applying changes set-wise, gives the row-by-row result", async () => {
    const bigBase = join(dir, "big-base.db");
    const db = openDatabase(bigBase);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE bag (v TEXT);");
    const ins = db.prepare("INSERT INTO t VALUES (?, ?)");
    db.transaction(() => {
      for (let i = 1; i <= 3000; i++) ins.run(i, i % 50 === 0 ? "L".repeat(5000) : `v${i}`);
    })();
    db.exec("INSERT INTO bag SELECT v FROM t WHERE id % 3 = 0");
    db.close();
    const edits = fc.array(
      fc.tuple(
        fc.constantFrom("insert", "update", "delete", "grow"),
        fc.integer({ min: 1, max: 3500 }),
        fc.constantFrom("p", "q", "r"),
      ),
      { maxLength: 30 },
    );
    const edited = (name: string, list: [string, number, string][]) => {
      const p = join(dir, `${name}${n++}.db`);
      copyFileSync(bigBase, p);
      const e = openDatabase(p);
      for (const [op, id, v] of list) {
        if (op === "insert") e.prepare("INSERT OR REPLACE INTO t VALUES (?, ?)").run(id, v);
        if (op === "update") e.prepare("UPDATE t SET v = ? WHERE id = ?").run(v, id);
        if (op === "delete") e.prepare("DELETE FROM t WHERE id = ? OR id = ? + 1").run(id, id);
        if (op === "grow")
          e.prepare("UPDATE t SET v = ? WHERE id = ?").run(v.repeat(3000 + id), id);
        if (id % 7 === 0) e.prepare("INSERT INTO bag VALUES (?)").run(v);
        if (id % 11 === 0)
          e.prepare("DELETE FROM bag WHERE rowid = (SELECT max(rowid) FROM bag)").run();
      }
      e.close();
      return p;
    };
    await fc.assert(
      fc.asyncProperty(edits, edits, async (eo, et) => {
        const [po, pt] = [edited("o", eo), edited("t", et)];
        const fast = await merge(bigBase, po, pt, { bulkAfter: 0 });
        // The reference: every row compared, every change applied row by row.
        const full = await merge(bigBase, po, pt, { fullScan: true, rowByRow: true });
        expect(fast.code).toBe(full.code);
        for (const q of [
          "SELECT * FROM t ORDER BY id",
          "SELECT v, count(*) FROM bag GROUP BY v ORDER BY v",
        ])
          expect(readRows(fast.file, q)).toEqual(readRows(full.file, q));
      }),
      { numRuns: Math.max(5, Math.round(RUNS / 3)) },
    );
  });
});
