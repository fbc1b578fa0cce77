import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/merge/sqlite/openDatabase.js";
import { editedCopy, goodDatabase, makeBadCorpus } from "../fixtures/sqlite/badDatabases.js";
import { missing } from "../helpers/requires.js";
import { mergeScenario, rows, SQLITE_DRIVER, strayFiles } from "../helpers/sqliteRepo.js";
import { run, withRepo } from "../helpers/withRepo.js";

let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-bad-sqlite-")));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the driver on copies in a fresh folder; return exit code, stderr and the folder. */
function drive(base: string, ours: string, theirs: string) {
  const work = mkdtempSync(join(dir, "case-"));
  for (const [f, n] of [
    [base, "O"],
    [ours, "A"],
    [theirs, "B"],
  ])
    copyFileSync(f, join(work, n));
  const r = run(process.execPath, [SQLITE_DRIVER, "O", "A", "B", "7", "data.db"], work);
  return { ...r, work, ours: readFileSync(join(work, "A")) };
}

describe.skipIf(missing("sqlite-engine"))("mlbranch-sqlite on bad input", () => {
  it("refuses every database of the bad corpus, as ours, theirs or base: clear error, exit 2, ours untouched", () => {
    const corpus = makeBadCorpus(mkdtempSync(join(dir, "corpus-")));
    const good = join(dir, "g.db");
    goodDatabase(good);
    const edited = join(dir, "e.db");
    editedCopy(
      good,
      edited,
      "UPDATE items SET name = 'changed' WHERE id = 1500; INSERT INTO items VALUES (5000, 'new');",
    );
    expect(corpus.length).toBeGreaterThanOrEqual(9);
    for (const c of corpus) {
      for (const role of ["ours", "theirs", "base"] as const) {
        if (role === "base" && c.name === "empty file") continue; // an empty base is "no base" (add/add)
        const args =
          role === "ours"
            ? [good, c.file, edited]
            : role === "theirs"
              ? [good, good, c.file]
              : [c.file, good, edited];
        const r = drive(args[0], args[1], args[2]);
        const what = `${c.name} as ${role}: ${r.stderr}`;
        expect(r.code, what).toBe(2);
        expect(r.stderr, what).toMatch(c.expect);
        expect(r.stderr, what).toMatch(new RegExp(`${role} \\(%[OAB]\\)`));
        expect(r.stderr, what).not.toMatch(/\n\s+at /); // no stack trace
        expect(r.stdout, what).toBe("");
        expect(r.ours.equals(readFileSync(args[1])), what).toBe(true);
        expect(readdirSync(r.work).sort(), what).toEqual(["A", "B", "O"]);
      }
    }
  });

  it("leaves ours in the work tree when a real git merge meets a damaged database", () =>
    withRepo((repo) => {
      const r0 = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v); INSERT INTO t VALUES (1, 'a');",
        "INSERT INTO t VALUES (2, 'ours');",
        "INSERT INTO t VALUES (3, 'theirs');",
      );
      expect(r0.code, r0.stderr).toBe(0);
      // Now theirs commits a truncated file.
      repo.git("checkout", "-q", "other");
      repo.write("data.db", readFileSync(join(repo.dir, "data.db")).subarray(0, 1000));
      repo.commit("broken");
      repo.git("checkout", "-q", "main");
      repo.write("x.txt", "x");
      repo.commit("ours again");
      const before = readFileSync(join(repo.dir, "data.db"));
      const r = repo.tryGit("merge", "--no-edit", "other");
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(
        /theirs \(%B\) at .* is (a damaged|not an) SQLite database/,
      );
      expect(readFileSync(join(repo.dir, "data.db")).equals(before)).toBe(true);
      expect(strayFiles(repo.dir)).toEqual([]);
    }));
});

describe.skipIf(missing("sqlite-engine"))("mlbranch-sqlite on untrusted databases", () => {
  it("runs no planted trigger or view, loads no extension, and leaves no -wal or -journal files", () => {
    const base = join(dir, "pb.db");
    goodDatabase(base);
    const ours = join(dir, "po.db");
    // Ours: a trigger that would wipe the table if it fired during the merge; WAL mode on.
    editedCopy(
      base,
      ours,
      "CREATE TABLE audit (msg TEXT); CREATE TRIGGER wipe AFTER INSERT ON items BEGIN DELETE FROM items WHERE id < 1000; INSERT INTO audit VALUES ('fired'); END;" +
        "INSERT INTO audit VALUES ('created'); PRAGMA journal_mode = WAL;",
    );
    const theirs = join(dir, "pt.db");
    editedCopy(
      base,
      theirs,
      "INSERT INTO items VALUES (9001, 'theirs'); UPDATE items SET name = 'renamed' WHERE id = 7;" +
        "CREATE VIEW evil AS SELECT load_extension('/tmp/mlbranch-no-such-extension');" +
        "CREATE TRIGGER also_wipe AFTER UPDATE ON items BEGIN DELETE FROM items; END;",
    );
    const r = drive(base, ours, theirs);
    expect(r.code, r.stderr).toBe(0);
    const merged = join(r.work, "A");
    // Ours' WAL flag is kept, and no -wal/-shm/-journal file was left (checked before reading it).
    expect(readFileSync(merged)[18]).toBe(2);
    expect(readdirSync(r.work).sort()).toEqual(["A", "B", "O"]);
    expect(rows(r.work, "A", "SELECT count(*) AS n FROM items")).toEqual([{ n: 2001 }]);
    expect(rows(r.work, "A", "SELECT name FROM items WHERE id = 7")).toEqual([{ name: "renamed" }]);
    expect(rows(r.work, "A", "SELECT msg FROM audit")).toEqual([{ msg: "created" }]);
    // The planted view came along as schema (theirs added it) but cannot load anything.
    const db = openDatabase(merged, { readonly: true });
    try {
      expect(() => db.prepare("SELECT * FROM evil").all()).toThrow(
        /unsafe use of load_extension|not authorized/,
      );
    } finally {
      db.close();
    }
  });
});
