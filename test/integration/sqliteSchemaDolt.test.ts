import { describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { mergeScenario, rows } from "../helpers/sqliteRepo.js";
import { withRepo } from "../helpers/withRepo.js";

// The three schema merges Dolt makes cleanly: merged the same where no value is lost; where one
// would be, the merge stops and says which row and value (stderr and mlbranch_conflicts).

const BASE =
  "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); INSERT INTO t VALUES (1,'x','y'),(2,'z','w');" +
  "CREATE TABLE u (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO u VALUES (1,'p');";
const NEW_KEY =
  "CREATE TABLE t2 (id INTEGER NOT NULL, a TEXT NOT NULL, b TEXT, PRIMARY KEY (id, a));" +
  "INSERT INTO t2 SELECT * FROM t; DROP TABLE t; ALTER TABLE t2 RENAME TO t;";
const all = (repo: Parameters<typeof rows>[0], table = "t") =>
  rows(repo, "data.db", `SELECT * FROM ${table} ORDER BY id`);
const tables = (repo: Parameters<typeof rows>[0]) =>
  rows<{ name: string }>(
    repo,
    "data.db",
    "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
  ).map((r) => r.name);

describe.skipIf(missing("sqlite-engine"))("mlbranch-sqlite against Dolt's schema merges", () => {
  it("a column dropped on ours while theirs inserts rows: merged, the new rows without it", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        BASE,
        "ALTER TABLE t DROP COLUMN b;",
        "INSERT INTO t (id, a) VALUES (3,'q');",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(all(repo)).toEqual([
        { id: 1, a: "x" },
        { id: 2, a: "z" },
        { id: 3, a: "q" },
      ]);
    }));

  it("...and where an inserted row has a value in the dropped column, the merge stops naming it", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        BASE,
        "ALTER TABLE t DROP COLUMN b;",
        "INSERT INTO t VALUES (3,'q','kept?');",
      );
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("t [3]: ours dropped column b");
      expect(r.stderr).toContain('"b":"kept?"');
    }));

  it("a table dropped on theirs and untouched on ours is dropped; ours' other changes stay", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        BASE,
        "INSERT INTO t VALUES (3,'q','v');",
        "DROP TABLE u;",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(tables(repo)).toEqual(["t"]);
      expect(all(repo)).toHaveLength(3);
    }));

  it("a table dropped on ours and untouched on theirs stays dropped", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        BASE,
        "DROP TABLE u;",
        "INSERT INTO t VALUES (3,'q','v');",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(tables(repo)).toEqual(["t"]);
      expect(all(repo)).toHaveLength(3);
    }));

  it("a primary key changed on ours while theirs inserts rows: ours' key, theirs' rows", () =>
    withRepo((repo) => {
      const r = mergeScenario(repo, "data.db", BASE, NEW_KEY, "INSERT INTO t VALUES (3,'q','v');");
      expect(r.code, r.stderr).toBe(0);
      expect(all(repo)).toEqual([
        { id: 1, a: "x", b: "y" },
        { id: 2, a: "z", b: "w" },
        { id: 3, a: "q", b: "v" },
      ]);
      expect(
        rows(repo, "data.db", "SELECT name FROM pragma_table_info('t') WHERE pk > 0 ORDER BY pk"),
      ).toEqual([{ name: "id" }, { name: "a" }]);
      expect(tables(repo)).toEqual(["t", "u"]);
    }));

  it("a primary key changed on theirs while ours inserts rows: theirs' key, ours' rows", () =>
    withRepo((repo) => {
      const r = mergeScenario(repo, "data.db", BASE, "INSERT INTO t VALUES (3,'q','v');", NEW_KEY);
      expect(r.code, r.stderr).toBe(0);
      expect(all(repo)).toHaveLength(3);
      expect(
        rows(repo, "data.db", "SELECT name FROM pragma_table_info('t') WHERE pk > 0 ORDER BY pk"),
      ).toEqual([{ name: "id" }, { name: "a" }]);
    }));

  it("an inserted row the new key cannot take stops the merge, naming the row", () =>
    withRepo((repo) => {
      const unique =
        "CREATE TABLE t2 (id INTEGER NOT NULL, a TEXT PRIMARY KEY, b TEXT); INSERT INTO t2 SELECT * FROM t; DROP TABLE t; ALTER TABLE t2 RENAME TO t;";
      const r = mergeScenario(repo, "data.db", BASE, unique, "INSERT INTO t VALUES (3,'x','v');");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("t [3]: the primary key of table t changed");
      expect(r.stderr).toContain('{"id":3,"a":"x","b":"v"}');
      expect(all(repo)).toHaveLength(2);
    }));
});
