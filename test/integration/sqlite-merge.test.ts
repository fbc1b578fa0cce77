import { describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { mergeScenario, rows, sql, strayFiles } from "../helpers/sqliteRepo.js";
import { withRepo } from "../helpers/withRepo.js";

// Real `git merge` runs with the mlbranch-sqlite driver registered through git config.

describe.skipIf(missing("sqlite-engine"))("mlbranch-sqlite merge driver", () => {
  it("merges one simple table: inserts from both sides, one-sided updates and deletes", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER);" +
          "INSERT INTO items VALUES (1,'a',1),(2,'b',2),(3,'c',3),(4,'d',4);",
        "INSERT INTO items VALUES (10,'ours',1); UPDATE items SET qty = 20 WHERE id = 2; DELETE FROM items WHERE id = 3;",
        "INSERT INTO items VALUES (20,'theirs',1); UPDATE items SET name = 'A' WHERE id = 1; DELETE FROM items WHERE id = 4;",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(rows(repo, "data.db", "SELECT * FROM items ORDER BY id")).toEqual([
        { id: 1, name: "A", qty: 1 },
        { id: 2, name: "b", qty: 20 },
        { id: 10, name: "ours", qty: 1 },
        { id: 20, name: "theirs", qty: 1 },
      ]);
      expect(repo.git("status", "--porcelain")).toBe("");
      expect(strayFiles(repo.dir)).toEqual([]);
      expect(r.stdout).not.toMatch(/mlbranch/);
    }));

  it("merges composite primary keys, and the same new key with the same content is one row", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "labels.db",
        "CREATE TABLE labels (image TEXT, annotator TEXT, label TEXT, PRIMARY KEY (image, annotator)) WITHOUT ROWID;" +
          "INSERT INTO labels VALUES ('i1','ann','cat'),('i2','ann','dog');",
        "INSERT INTO labels VALUES ('i1','bob','cat'),('i3','ann','owl'); UPDATE labels SET label='kitten' WHERE image='i1' AND annotator='ann';",
        "INSERT INTO labels VALUES ('i2','bob','wolf'),('i3','ann','owl'); DELETE FROM labels WHERE image='i2' AND annotator='ann';",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(rows(repo, "labels.db", "SELECT * FROM labels ORDER BY image, annotator")).toEqual([
        { image: "i1", annotator: "ann", label: "kitten" },
        { image: "i1", annotator: "bob", label: "cat" },
        { image: "i2", annotator: "bob", label: "wolf" },
        { image: "i3", annotator: "ann", label: "owl" },
      ]);
    }));

  it("matches keys with NULL in them (SQLite allows them outside INTEGER keys) instead of copying them", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (k TEXT PRIMARY KEY, v); INSERT INTO t VALUES (NULL, 'n'), ('a', 1);",
        "INSERT INTO t VALUES ('o', 2);",
        "INSERT INTO t VALUES ('t', 3); UPDATE t SET v = 'N' WHERE k IS NULL;",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(rows(repo, "data.db", "SELECT k, v FROM t ORDER BY k")).toEqual([
        { k: null, v: "N" },
        { k: "a", v: 1 },
        { k: "o", v: 2 },
        { k: "t", v: 3 },
      ]);
    }));

  it("merges a table without a primary key as a multiset of rows", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "log.db",
        "CREATE TABLE events (kind TEXT, value REAL); INSERT INTO events VALUES ('a',1),('a',1),('b',2),('c',3);",
        "INSERT INTO events VALUES ('a',1),('o',9); DELETE FROM events WHERE rowid = (SELECT min(rowid) FROM events WHERE kind='b');",
        "INSERT INTO events VALUES ('t',8),('a',1); DELETE FROM events WHERE kind='c';",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(
        rows(
          repo,
          "log.db",
          "SELECT kind, value, count(*) AS n FROM events GROUP BY kind, value ORDER BY kind",
        ),
      ).toEqual([
        // both sides added one copy of ('a', 1): the same addition, made once (3, not 4)
        { kind: "a", value: 1, n: 3 },
        { kind: "o", value: 9, n: 1 },
        { kind: "t", value: 8, n: 1 },
      ]);
    }));

  it("records a conflict for a row both sides changed: exit 1, ours plus every other change, mlbranch_conflicts", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items VALUES (1,'a'),(2,'b');",
        "UPDATE items SET name='ours' WHERE id=1; INSERT INTO items VALUES (3,'o');",
        "UPDATE items SET name='theirs' WHERE id=1; INSERT INTO items VALUES (4,'t'); UPDATE items SET name='B' WHERE id=2;",
      );
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/1 SQLite merge conflict in items/);
      expect(r.stdout + r.stderr).toMatch(/mlbranch conflicts data\.db/);
      expect(rows(repo, "data.db", "SELECT * FROM items ORDER BY id")).toEqual([
        { id: 1, name: "ours" },
        { id: 2, name: "B" },
        { id: 3, name: "o" },
        { id: 4, name: "t" },
      ]);
      const c = rows<Record<string, string>>(repo, "data.db", "SELECT * FROM mlbranch_conflicts");
      expect(c).toHaveLength(1);
      expect(c[0].table_name).toBe("items");
      expect(JSON.parse(c[0].pk)).toEqual([1]);
      expect(JSON.parse(c[0].base)).toEqual({ id: 1, name: "a" });
      expect(JSON.parse(c[0].ours)).toEqual({ id: 1, name: "ours" });
      expect(JSON.parse(c[0].theirs)).toEqual({ id: 1, name: "theirs" });

      const shown = repo.mlbranch(["conflicts", "data.db"]);
      expect(shown.code).toBe(1);
      expect(shown.stdout).toMatch(
        /table items, key \[1\]: both sides changed column name of this row to different values/,
      );
      const json = JSON.parse(repo.mlbranch(["conflicts", "data.db", "--json"]).stdout);
      expect(json[0]).toMatchObject({ table: "items", pk: [1], theirs: { id: 1, name: "theirs" } });

      // The policy refuses to commit the database while the conflicts table is there.
      repo.git("add", "data.db");
      const check = repo.mlbranch(["check", "--staged"]);
      expect(check.code, check.stdout + check.stderr).toBe(1);
      expect(check.stdout + check.stderr).toMatch(/unresolved merge conflict/);

      const res = repo.mlbranch(["resolve", "data.db", "--theirs"]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/1 conflict settled with theirs/);
      expect(rows(repo, "data.db", "SELECT name FROM items WHERE id=1")).toEqual([
        { name: "theirs" },
      ]);
      expect(
        rows(
          repo,
          "data.db",
          "SELECT count(*) AS n FROM sqlite_schema WHERE name='mlbranch_conflicts'",
        ),
      ).toEqual([{ n: 0 }]);
      repo.git("add", "data.db");
      const ok = repo.mlbranch(["check", "--staged"]);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(repo.mlbranch(["conflicts", "data.db"]).code).toBe(0);
    }));

  it("resolve --theirs restores theirs' exact values: blobs, 64-bit integers, reals, a row ours deleted", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, n INTEGER, x REAL); INSERT INTO t VALUES (1, x'00', 1, 0.5), (2, x'01', 2, 1.5);",
        "UPDATE t SET b = x'aa' WHERE id = 1; DELETE FROM t WHERE id = 2;",
        "UPDATE t SET b = x'ffee', n = 1152921504606846977, x = 2.25 WHERE id = 1; UPDATE t SET n = -9007199254740993 WHERE id = 2;",
      );
      expect(r.code).not.toBe(0);
      expect(repo.mlbranch(["resolve", "data.db", "--theirs"]).code).toBe(0);
      expect(
        rows(
          repo,
          "data.db",
          "SELECT id, hex(b) AS b, CAST(n AS TEXT) AS n, x, typeof(n) AS tn FROM t ORDER BY id",
        ),
      ).toEqual([
        { id: 1, b: "FFEE", n: "1152921504606846977", x: 2.25, tn: "integer" },
        { id: 2, b: "01", n: "-9007199254740993", x: 1.5, tn: "integer" },
      ]);
    }));

  it("resolve --ours --table keeps ours' rows for one table and leaves the others' conflicts", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE a (id INTEGER PRIMARY KEY, v); CREATE TABLE b (id INTEGER PRIMARY KEY, v);" +
          "INSERT INTO a VALUES (1,0); INSERT INTO b VALUES (1,0);",
        "UPDATE a SET v=1; UPDATE b SET v=1;",
        "UPDATE a SET v=2; DELETE FROM b;",
      );
      expect(r.code).not.toBe(0);
      const one = repo.mlbranch(["resolve", "data.db", "--ours", "--table", "a", "--json"]);
      expect(JSON.parse(one.stdout)).toEqual({ resolved: 1, left: 1, schemaKept: 0 });
      expect(rows(repo, "data.db", "SELECT v FROM a")).toEqual([{ v: 1 }]);
      const two = repo.mlbranch(["resolve", "data.db", "--theirs"]);
      expect(two.code, two.stderr).toBe(0);
      expect(rows(repo, "data.db", "SELECT count(*) AS n FROM b")).toEqual([{ n: 0 }]);
      expect(repo.mlbranch(["resolve", "data.db"]).code).toBe(2);
    }));

  it("settles conflicts by mlbranch.json: onConflict per path and per table, and cell-wise merging", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          version: 1,
          files: {
            "*.db": {
              onConflict: "theirs",
              tables: { keep: { onConflict: "ours" }, cells: { cellwise: true } },
            },
          },
        }),
      );
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v); CREATE TABLE keep (id INTEGER PRIMARY KEY, v);" +
          "CREATE TABLE cells (id INTEGER PRIMARY KEY, a, b); INSERT INTO t VALUES (1,0); INSERT INTO keep VALUES (1,0);" +
          "INSERT INTO cells VALUES (1,0,0),(2,0,0);",
        "UPDATE t SET v='o'; UPDATE keep SET v='o'; UPDATE cells SET a='o' WHERE id=1; UPDATE cells SET a='o' WHERE id=2;",
        "UPDATE t SET v='t'; UPDATE keep SET v='t'; UPDATE cells SET b='t' WHERE id=1; UPDATE cells SET a='t' WHERE id=2;",
      );
      // cells row 2 changed column a on both sides: a conflict even cell-wise (onConflict comes from the path: theirs).
      expect(r.code, r.stderr).toBe(0);
      expect(rows(repo, "data.db", "SELECT v FROM t")).toEqual([{ v: "t" }]);
      expect(rows(repo, "data.db", "SELECT v FROM keep")).toEqual([{ v: "o" }]);
      expect(rows(repo, "data.db", "SELECT * FROM cells ORDER BY id")).toEqual([
        { id: 1, a: "o", b: "t" },
        { id: 2, a: "t", b: 0 },
      ]);
    }));

  it("merges schemas: tables, indexes, views and triggers added on one side, a column added on each side", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE runs (id TEXT PRIMARY KEY, name TEXT); INSERT INTO runs VALUES ('r1','one');",
        "ALTER TABLE runs ADD COLUMN owner TEXT; UPDATE runs SET owner='me'; CREATE VIEW named AS SELECT name FROM runs;" +
          "INSERT INTO runs VALUES ('r2','two','me');",
        "ALTER TABLE runs ADD COLUMN score REAL; UPDATE runs SET score=0.5; CREATE INDEX runs_score ON runs(score);" +
          "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1,'hi');" +
          "INSERT INTO runs VALUES ('r3','three',0.9);",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(rows(repo, "data.db", "SELECT * FROM runs ORDER BY id")).toEqual([
        { id: "r1", name: "one", owner: "me", score: 0.5 },
        { id: "r2", name: "two", owner: "me", score: null },
        { id: "r3", name: "three", owner: null, score: 0.9 },
      ]);
      expect(rows(repo, "data.db", "SELECT * FROM notes")).toEqual([{ id: 1, text: "hi" }]);
      expect(
        rows(
          repo,
          "data.db",
          "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        ),
      ).toEqual([
        { type: "view", name: "named" },
        { type: "table", name: "notes" },
        { type: "table", name: "runs" },
        { type: "index", name: "runs_score" },
      ]);
    }));

  it("reports the same table changed differently on both sides, says what differs, keeps ours' schema", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1,'a');",
        "CREATE TABLE t2 (id INTEGER PRIMARY KEY, v INTEGER NOT NULL DEFAULT 0); INSERT INTO t2 SELECT id, 0 FROM t; DROP TABLE t; ALTER TABLE t2 RENAME TO t;",
        "CREATE TABLE t2 (id INTEGER PRIMARY KEY, v BLOB); INSERT INTO t2 SELECT * FROM t; DROP TABLE t; ALTER TABLE t2 RENAME TO t; INSERT INTO t VALUES (2, x'00');",
      );
      expect(r.code).not.toBe(0);
      const c = rows<Record<string, string>>(
        repo,
        "data.db",
        "SELECT * FROM mlbranch_conflicts WHERE pk IS NULL",
      );
      expect(c).toHaveLength(1);
      expect(c[0].reason).toMatch(
        /table t was changed differently on both sides: columns declared differently: v \(ours INTEGER NOT NULL, theirs BLOB\)/,
      );
      expect(
        rows(repo, "data.db", "SELECT sql FROM sqlite_schema WHERE name='t'")[0],
      ).toMatchObject({
        sql: expect.stringMatching(/v INTEGER NOT NULL DEFAULT 0/),
      });
      // Theirs' new row still arrives (on the columns both sides have).
      expect(rows(repo, "data.db", "SELECT id FROM t ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
    }));

  it("takes a table change only theirs made (a new type and constraint), keeping ours' rows and indexes", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w); CREATE INDEX t_v ON t (v); INSERT INTO t VALUES (1,'a',1);",
        "INSERT INTO t VALUES (2,'ours',2);",
        "CREATE TABLE t2 (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE, w REAL); INSERT INTO t2 SELECT * FROM t;" +
          "DROP TABLE t; ALTER TABLE t2 RENAME TO t; CREATE INDEX t_v ON t (v); INSERT INTO t VALUES (3,'theirs',3.5);",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
        { id: 1, v: "a", w: 1 },
        { id: 2, v: "ours", w: 2 },
        { id: 3, v: "theirs", w: 3.5 },
      ]);
      expect(
        rows(
          repo,
          "data.db",
          "SELECT name FROM sqlite_schema WHERE tbl_name = 't' AND type = 'index' AND sql IS NOT NULL",
        ),
      ).toEqual([{ name: "t_v" }]);
      expect(
        rows(repo, "data.db", "SELECT sql FROM sqlite_schema WHERE name = 't'")[0],
      ).toMatchObject({
        sql: expect.stringMatching(/v TEXT NOT NULL UNIQUE, w REAL/),
      });
    }));

  it("keeps ours' table when ours' rows do not fit theirs' new definition, as a conflict", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1,'a');",
        "INSERT INTO t VALUES (2, NULL);",
        "CREATE TABLE t2 (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t2 SELECT * FROM t; DROP TABLE t; ALTER TABLE t2 RENAME TO t;",
      );
      expect(r.code).not.toBe(0);
      const c = rows<Record<string, string>>(repo, "data.db", "SELECT * FROM mlbranch_conflicts");
      expect(c.map((x) => x.reason)).toEqual([
        expect.stringMatching(
          /table t changed on theirs, but ours' rows do not fit theirs' definition \(NOT NULL constraint failed: t.v\)/,
        ),
      ]);
      expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
        { id: 1, v: "a" },
        { id: 2, v: null },
      ]);
    }));

  it("does not merge an FTS index row by row: ours' is kept and theirs' change to it is a conflict", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE VIRTUAL TABLE docs USING fts5(body); INSERT INTO docs VALUES ('hello world');" +
          "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);",
        "INSERT INTO docs VALUES ('ours doc'); INSERT INTO t VALUES (2);",
        "INSERT INTO docs VALUES ('theirs doc'); INSERT INTO t VALUES (3);",
      );
      expect(r.code).not.toBe(0);
      const reasons = rows<{ table_name: string; reason: string }>(
        repo,
        "data.db",
        "SELECT DISTINCT table_name, reason FROM mlbranch_conflicts",
      );
      expect(reasons.map((c) => c.table_name)).toContain("docs_data");
      expect(reasons[0].reason).toMatch(/belongs to a virtual table \(an FTS or R\*Tree index\)/);
      expect(rows(repo, "data.db", "SELECT id FROM t ORDER BY id")).toEqual([
        { id: 1 },
        { id: 2 },
        { id: 3 },
      ]);
      expect(rows(repo, "data.db", "SELECT body FROM docs WHERE docs MATCH 'doc'")).toEqual([
        { body: "ours doc" },
      ]);
      expect(rows(repo, "data.db", "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    }));

  it("reports rows theirs added to a table ours dropped, instead of losing them silently", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE keep (id INTEGER PRIMARY KEY); CREATE TABLE old (id INTEGER PRIMARY KEY, v); INSERT INTO old VALUES (1, 'a');",
        "DROP TABLE old; INSERT INTO keep VALUES (1);",
        "INSERT INTO old VALUES (2, 'theirs'); INSERT INTO keep VALUES (2);",
      );
      expect(r.code).not.toBe(0);
      expect(rows(repo, "data.db", "SELECT table_name, reason FROM mlbranch_conflicts")).toEqual([
        {
          table_name: "old",
          reason: "table old was dropped on ours, and theirs changed its rows; it stays dropped",
        },
      ]);
      expect(rows(repo, "data.db", "SELECT id FROM keep ORDER BY id")).toEqual([
        { id: 1 },
        { id: 2 },
      ]);
    }));

  it("does not fire triggers while merging: a summary table kept by a trigger is not counted twice", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE runs (id TEXT PRIMARY KEY, exp INTEGER); CREATE TABLE run_counts (exp INTEGER PRIMARY KEY, n INTEGER);" +
          "CREATE TRIGGER count_runs AFTER INSERT ON runs BEGIN INSERT INTO run_counts VALUES (new.exp, 1) " +
          "ON CONFLICT(exp) DO UPDATE SET n = n + 1; END;" +
          "INSERT INTO runs VALUES ('r0', 1);",
        "INSERT INTO runs VALUES ('o1', 1), ('o2', 1);",
        "INSERT INTO runs VALUES ('t1', 2), ('t2', 2), ('t3', 2);",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(rows(repo, "data.db", "SELECT * FROM run_counts ORDER BY exp")).toEqual([
        { exp: 1, n: 3 },
        { exp: 2, n: 3 },
      ]);
      expect(rows(repo, "data.db", "SELECT count(*) AS n FROM runs")).toEqual([{ n: 6 }]);
      // The trigger is still there and works after the merge.
      sql(repo, "data.db", "INSERT INTO runs VALUES ('x', 2);");
      expect(rows(repo, "data.db", "SELECT n FROM run_counts WHERE exp = 2")).toEqual([{ n: 4 }]);
    }));

  it("gives git diff a row-level dump through the textconv", () =>
    withRepo((repo) => {
      mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (2,'b'),(1,'a');",
        "INSERT INTO t VALUES (3,'c');",
        "UPDATE t SET v='B' WHERE id=2;",
      );
      const diff = repo.git("diff", "HEAD~1", "HEAD", "--", "data.db");
      expect(diff).toMatch(/^-INSERT INTO "t" VALUES\(2,'b'\);$/m);
      expect(diff).toMatch(/^\+INSERT INTO "t" VALUES\(2,'B'\);$/m);
      expect(diff).not.toMatch(/Binary files/);
      const show = repo.git("show", "HEAD:data.db", "--textconv");
      expect(show.split("\n").filter((l) => l.startsWith("INSERT"))).toEqual([
        `INSERT INTO "t" VALUES(1,'a');`,
        `INSERT INTO "t" VALUES(2,'B');`,
        `INSERT INTO "t" VALUES(3,'c');`,
      ]);
    }));
});
