import { describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { mergeScenario, rows } from "../helpers/sqliteRepo.js";
import { withRepo } from "../helpers/withRepo.js";

// Schema changes against edits, with real `git merge` and Dolt's documented outcomes as the
// yardstick: a rename carries its values, columns added on both sides keep both sides' values,
// a drop against an edit is a conflict, a primary-key change is a conflict `resolve` settles.

type Conflict = { table_name: string; pk: string | null; reason: string; theirs: string | null };
const conflicts = (repo: Parameters<typeof rows>[0]) =>
  rows<Conflict>(repo, "data.db", "SELECT * FROM mlbranch_conflicts ORDER BY rowid");

describe.skipIf(missing("sqlite-engine"))(
  "mlbranch-sqlite: schema changes carry their values",
  () => {
    it("theirs renames a column while ours edits cells and adds rows: the values follow the rename", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT, score REAL);" +
            "INSERT INTO runs VALUES (1,'a',0.1),(2,'b',0.2),(3,'c',0.3);",
          "UPDATE runs SET name='A' WHERE id=1; INSERT INTO runs VALUES (4,'d',0.4);",
          "ALTER TABLE runs RENAME COLUMN name TO label; UPDATE runs SET label='B' WHERE id=2;" +
            "INSERT INTO runs VALUES (5,'e',0.5);",
        );
        expect(r.code, r.stderr).toBe(0);
        expect(rows(repo, "data.db", "SELECT * FROM runs ORDER BY id")).toEqual([
          { id: 1, label: "A", score: 0.1 },
          { id: 2, label: "B", score: 0.2 },
          { id: 3, label: "c", score: 0.3 },
          { id: 4, label: "d", score: 0.4 },
          { id: 5, label: "e", score: 0.5 },
        ]);
      }));

    it("ours renames a column while theirs edits cells and adds rows: theirs' values land in the renamed column", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT, score REAL);" +
            "INSERT INTO runs VALUES (1,'a',0.1),(2,'b',0.2);",
          "ALTER TABLE runs RENAME COLUMN name TO label; UPDATE runs SET score=1 WHERE id=1;",
          "UPDATE runs SET name='B' WHERE id=2; UPDATE runs SET name='A' WHERE id=1; INSERT INTO runs VALUES (3,'c',0.3);",
        );
        expect(r.code, r.stderr).toBe(0);
        expect(rows(repo, "data.db", "SELECT * FROM runs ORDER BY id")).toEqual([
          { id: 1, label: "A", score: 1 },
          { id: 2, label: "B", score: 0.2 },
          { id: 3, label: "c", score: 0.3 },
        ]);
      }));

    it("a column renamed differently on each side is a conflict, exit non-zero", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1,'a');",
          "ALTER TABLE t RENAME COLUMN v TO ours_v;",
          "ALTER TABLE t RENAME COLUMN v TO theirs_v;",
        );
        expect(r.code).not.toBe(0);
        expect(
          conflicts(repo)
            .map((c) => c.reason)
            .join("\n"),
        ).toMatch(/renamed to ours_v on ours and to theirs_v on theirs/);
      }));

    it("a NULL column dropped and another added in its place is no rename: ours' edits to the dropped one conflict", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, notes TEXT); INSERT INTO t VALUES (1,'a',NULL),(2,'b',NULL);",
          "UPDATE t SET notes='mine' WHERE id=1;",
          "ALTER TABLE t DROP COLUMN notes; ALTER TABLE t ADD COLUMN tags TEXT;",
        );
        expect(r.code).not.toBe(0);
        expect(conflicts(repo).map((c) => c.reason)).toContainEqual(
          expect.stringMatching(/theirs dropped column notes/),
        );
        expect(rows(repo, "data.db", "SELECT notes FROM t WHERE id = 1")).toEqual([
          { notes: "mine" },
        ]);
      }));

    it("a column renamed on one side and dropped on the other is dropped, no conflict when nothing else changed it", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w TEXT); INSERT INTO t VALUES (1,'a','x'),(2,'b','y');",
          "ALTER TABLE t RENAME COLUMN w TO w2; INSERT INTO t VALUES (3,'c',NULL);",
          "ALTER TABLE t DROP COLUMN w; UPDATE t SET v='B' WHERE id=2;",
        );
        expect(r.code, r.stderr).toBe(0);
        expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
          { id: 1, v: "a" },
          { id: 2, v: "B" },
          { id: 3, v: "c" },
        ]);
      }));

    it("the same column added on both sides with values on different rows keeps both sides' values", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c');",
          "ALTER TABLE t ADD COLUMN note TEXT; UPDATE t SET note='ours' WHERE id=1;",
          "ALTER TABLE t ADD COLUMN note TEXT; UPDATE t SET note='theirs' WHERE id=2; INSERT INTO t VALUES (4,'d','new');",
        );
        expect(r.code, r.stderr).toBe(0);
        expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
          { id: 1, v: "a", note: "ours" },
          { id: 2, v: "b", note: "theirs" },
          { id: 3, v: "c", note: null },
          { id: 4, v: "d", note: "new" },
        ]);
      }));

    it("the same column added on both sides with different values in one row is a conflict", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1,'a');",
          "ALTER TABLE t ADD COLUMN note TEXT; UPDATE t SET note='ours';",
          "ALTER TABLE t ADD COLUMN note TEXT; UPDATE t SET note='theirs';",
        );
        expect(r.code).not.toBe(0);
        expect(conflicts(repo)).toMatchObject([{ table_name: "t", pk: "[1]" }]);
        expect(conflicts(repo)[0].reason).toMatch(/column note/);
      }));

    it("theirs drops a column ours changed a cell of: a conflict naming the key; ours' column and values stay", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, extra TEXT); INSERT INTO t VALUES (1,'a','x'),(2,'b','y');",
          "UPDATE t SET extra='X' WHERE id=1;",
          "ALTER TABLE t DROP COLUMN extra; UPDATE t SET v='B' WHERE id=2;",
        );
        expect(r.code).not.toBe(0);
        expect(r.stderr).toMatch(/conflict/);
        const c = conflicts(repo);
        expect(c).toHaveLength(1);
        expect(c[0]).toMatchObject({ table_name: "t", pk: "[1]" });
        expect(c[0].reason).toMatch(/theirs dropped column extra/);
        expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
          { id: 1, v: "a", extra: "X" },
          { id: 2, v: "B", extra: "y" },
        ]);
      }));

    it("ours drops a column theirs changed a cell of: a conflict holding theirs' value", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, extra TEXT); INSERT INTO t VALUES (1,'a','x'),(2,'b','y');",
          "ALTER TABLE t DROP COLUMN extra;",
          "UPDATE t SET extra='X' WHERE id=1; UPDATE t SET v='B' WHERE id=2;",
        );
        expect(r.code).not.toBe(0);
        const c = conflicts(repo);
        expect(c).toHaveLength(1);
        expect(c[0]).toMatchObject({ table_name: "t", pk: "[1]" });
        expect(JSON.parse(c[0].theirs ?? "null")).toEqual({ id: 1, v: "a", extra: "X" });
        expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
          { id: 1, v: "a" },
          { id: 2, v: "B" },
        ]);
      }));

    it("a column dropped on one side and left alone on the other is dropped, with the other's edits", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, extra TEXT); INSERT INTO t VALUES (1,'a','x'),(2,'b','y');",
          "UPDATE t SET v='A' WHERE id=1;",
          "ALTER TABLE t DROP COLUMN extra;",
        );
        expect(r.code, r.stderr).toBe(0);
        expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
          { id: 1, v: "A" },
          { id: 2, v: "b" },
        ]);
      }));

    it("a primary key changed on theirs while ours edits rows: the conflict names each side's key, resolve --theirs keeps theirs", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL, v TEXT); INSERT INTO t VALUES (1,'a','x'),(2,'b','y');",
          "UPDATE t SET v='ours' WHERE id=1;",
          "CREATE TABLE t2 (id INTEGER NOT NULL, code TEXT NOT NULL, v TEXT, PRIMARY KEY (code));" +
            "INSERT INTO t2 SELECT * FROM t; DROP TABLE t; ALTER TABLE t2 RENAME TO t;" +
            "UPDATE t SET v='theirs' WHERE code='b'; INSERT INTO t VALUES (3,'c','z');",
        );
        expect(r.code).not.toBe(0);
        const c = conflicts(repo);
        expect(c).toHaveLength(1);
        expect(c[0].reason).toMatch(/base \(id\), ours \(id\), theirs \(code\)/);
        expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
          { id: 1, code: "a", v: "ours" },
          { id: 2, code: "b", v: "y" },
        ]);
        const res = repo.mlbranch(["resolve", "data.db", "--theirs"]);
        expect(res.code, res.stderr).toBe(0);
        expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY code")).toEqual([
          { id: 1, code: "a", v: "x" },
          { id: 2, code: "b", v: "theirs" },
          { id: 3, code: "c", v: "z" },
        ]);
        expect(
          rows(repo, "data.db", "SELECT name FROM sqlite_schema WHERE name LIKE 'mlbranch%'"),
        ).toEqual([]);
        expect(
          rows(repo, "data.db", "SELECT name FROM pragma_table_info('t') WHERE pk > 0"),
        ).toEqual([{ name: "code" }]);
      }));

    it("a primary key changed on ours while theirs edits rows: a conflict; resolve --ours keeps ours' table and drops theirs' copy", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL); INSERT INTO t VALUES (1,'a');",
          "CREATE TABLE t2 (id INTEGER NOT NULL, code TEXT PRIMARY KEY); INSERT INTO t2 SELECT * FROM t;" +
            "DROP TABLE t; ALTER TABLE t2 RENAME TO t;",
          // An edit, not only an insert (inserts alone merge: sqliteSchemaDolt.test.ts).
          "INSERT INTO t VALUES (2,'b'); UPDATE t SET code='z' WHERE id=1;",
        );
        expect(r.code).not.toBe(0);
        expect(conflicts(repo)[0].reason).toMatch(/base \(id\), ours \(code\), theirs \(id\)/);
        expect(rows(repo, "data.db", "SELECT * FROM mlbranch_theirs_t ORDER BY id")).toEqual([
          { id: 1, code: "z" },
          { id: 2, code: "b" },
        ]);
        const res = repo.mlbranch(["resolve", "data.db", "--ours"]);
        expect(res.code, res.stderr).toBe(0);
        expect(rows(repo, "data.db", "SELECT * FROM t")).toEqual([{ id: 1, code: "a" }]);
        expect(
          rows(repo, "data.db", "SELECT name FROM sqlite_schema WHERE name LIKE 'mlbranch%'"),
        ).toEqual([]);
      }));

    it("a primary key changed on theirs while ours left the table alone: theirs' table is taken", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL); INSERT INTO t VALUES (1,'a'); CREATE TABLE o (x);",
          "INSERT INTO o VALUES (1);",
          "CREATE TABLE t2 (id INTEGER NOT NULL, code TEXT PRIMARY KEY); INSERT INTO t2 SELECT * FROM t;" +
            "DROP TABLE t; ALTER TABLE t2 RENAME TO t; INSERT INTO t VALUES (2,'b');",
        );
        expect(r.code, r.stderr).toBe(0);
        expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY code")).toEqual([
          { id: 1, code: "a" },
          { id: 2, code: "b" },
        ]);
        expect(
          rows(repo, "data.db", "SELECT name FROM pragma_table_info('t') WHERE pk > 0"),
        ).toEqual([{ name: "code" }]);
      }));
  },
);

describe.skipIf(missing("sqlite-engine"))("mlbranch-sqlite: rows and cells", () => {
  it("edits to different columns of one row merge cell-wise by default; the same cell changed differently is a conflict", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); INSERT INTO t VALUES (1,'a','b'),(2,'a','b');",
        "UPDATE t SET a='ours' WHERE id=1; UPDATE t SET a='ours' WHERE id=2;",
        "UPDATE t SET b='theirs' WHERE id=1; UPDATE t SET a='theirs' WHERE id=2;",
      );
      expect(r.code).not.toBe(0);
      expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
        { id: 1, a: "ours", b: "theirs" },
        { id: 2, a: "ours", b: "b" },
      ]);
      const c = conflicts(repo);
      expect(c).toHaveLength(1);
      expect(c[0]).toMatchObject({ pk: "[2]" });
      expect(c[0].reason).toMatch(/column a/);
    }));

  it("tables without a key count copies: the larger addition wins, one side's third copy is kept, deletions likewise", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE log (k INTEGER, v TEXT);" +
          "INSERT INTO log VALUES (1,'same'),(2,'third'),(2,'third'),(3,'del'),(3,'del'),(3,'del'),(4,'one-side');",
        // same delivery pulled on both sides; ours removes one copy of 3, theirs two
        "INSERT INTO log VALUES (5,'delivery'),(5,'delivery');" +
          "DELETE FROM log WHERE rowid IN (SELECT rowid FROM log WHERE k=3 LIMIT 1);",
        "INSERT INTO log VALUES (5,'delivery'),(2,'third'),(9007199254740993,'big');" +
          "DELETE FROM log WHERE rowid IN (SELECT rowid FROM log WHERE k=3 LIMIT 2); DELETE FROM log WHERE k=4;",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(
        rows(
          repo,
          "data.db",
          "SELECT CAST(k AS TEXT) AS k, v, count(*) AS n FROM log GROUP BY k, v ORDER BY k, v",
        ),
      ).toEqual([
        { k: "1", v: "same", n: 1 },
        { k: "2", v: "third", n: 3 },
        { k: "3", v: "del", n: 1 },
        { k: "5", v: "delivery", n: 2 },
        { k: "9007199254740993", v: "big", n: 1 },
      ]);
    }));

  it("keyless tables with columns named like the merge's own helpers (n, dt) still count copies", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE c (n INTEGER, dt TEXT, d_ours TEXT); INSERT INTO c VALUES (1,'a','x'),(1,'a','x');",
        "INSERT INTO c VALUES (1,'a','x'); DELETE FROM c WHERE rowid = 1;",
        "INSERT INTO c VALUES (2,'b','y');",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(
        rows(repo, "data.db", "SELECT n, dt, count(*) AS k FROM c GROUP BY n, dt ORDER BY n"),
      ).toEqual([
        { n: 1, dt: "a", k: 2 },
        { n: 2, dt: "b", k: 1 },
      ]);
    }));

  it("integers past 2^53 are distinct rows, never equal as doubles", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE ids (id INTEGER); CREATE TABLE k (id INTEGER PRIMARY KEY, v INTEGER);" +
          "INSERT INTO k VALUES (1, 9007199254740992);",
        "INSERT INTO ids VALUES (9007199254740993);",
        "INSERT INTO ids VALUES (9007199254740992); UPDATE k SET v = 9007199254740993;",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(rows(repo, "data.db", "SELECT CAST(id AS TEXT) AS id FROM ids ORDER BY id")).toEqual([
        { id: "9007199254740992" },
        { id: "9007199254740993" },
      ]);
      expect(rows(repo, "data.db", "SELECT CAST(v AS TEXT) AS v FROM k")).toEqual([
        { v: "9007199254740993" },
      ]);
    }));
});
