import { createHash } from "node:crypto";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engineAvailable } from "../../src/merge/sqlite/engine.js";
import { missing } from "../helpers/requires.js";
import { runRule } from "../helpers/runRule.js";
import { sql, useSqliteDriver } from "../helpers/sqliteRepo.js";
import { CLI, makeRepo, type Repo, run, useLfs, withRepo } from "../helpers/withRepo.js";

// sqlite-append-only reads each database version once, as a file SQLite opens read-only and
// immutable: a git blob streamed into a temp file, an LFS object where its store keeps it, a
// staged work tree file in place. The verdicts must be those of reading whole copies.

const RULE = "sqlite-append-only";
const DB = "tracking/runs.db";

// Temp files of the check (ours and SQLite's) go to a folder this test owns, which must end empty.
let tmp = "";
let savedTmp: string | undefined;
beforeEach(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-i21-tmp-")));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
});

// What the check left in the temp folder: withRepo makes its repositories there too, and Node
// 22+ keeps its compile cache there (across runs, on purpose).
const leftInTmp = () =>
  readdirSync(tmp).filter((f) => !f.startsWith("mlbranch-test-") && f !== "node-compile-cache");

const rowsSql = (from: number, to: number) =>
  `INSERT INTO t (id, v) SELECT value, printf('row %d', value) FROM (WITH RECURSIVE c(value) AS (SELECT ${from} UNION ALL SELECT value + 1 FROM c WHERE value < ${to}) SELECT value FROM c);`;

function base(repo: Repo, lfs: boolean): string {
  if (lfs) useLfs(repo);
  useSqliteDriver(
    repo,
    lfs
      ? "*.db filter=lfs diff=mlbranch-sqlite merge=mlbranch-sqlite -text\n"
      : "*.db merge=mlbranch-sqlite diff=mlbranch-sqlite\n",
  );
  sql(repo, DB, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); ${rowsSql(1, 500)}`);
  return repo.commit("tracking store");
}

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};
const commitNoVerify = (repo: Repo, msg: string) => {
  repo.git("add", "-A");
  repo.git("commit", "-q", "--no-verify", "-m", msg);
};

// Every file of this clone's LFS store with its SHA-256, and anything SQLite could leave there.
function lfsStore(
  repo: Repo,
  root = join(repo.dir, ".git", "lfs", "objects"),
): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(p, createHash("sha256").update(readFileSync(p)).digest("hex"));
    }
  };
  walk(root);
  return out;
}

function lfsObjectOf(repo: Repo, rev: string): string {
  const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git("cat-file", "-p", `${rev}:${DB}`))![1];
  return join(repo.dir, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
}

const LOST = (n: number) =>
  new RegExp(`${n} rows? of table t that the previous commit has (is|are) missing`);

describe.skipIf(missing("sqlite-engine"))("sqlite-append-only reads each version once", () => {
  for (const lfs of [false, true]) {
    const kind = lfs ? "Git LFS objects" : "git blobs";
    describe.skipIf(lfs && missing("git-lfs"))(kind, () => {
      it("accepts an append and refuses a deleted or changed row, staged and in check --range", () =>
        withRepo(async (repo) => {
          const first = base(repo, lfs);
          const storeBefore = lfs ? lfsStore(repo) : null;
          sql(repo, DB, rowsSql(501, 800));
          expect(await staged(repo)).toEqual([]);
          commitNoVerify(repo, "300 rows more");
          expect(await runRule(repo, RULE, { range: `${first}..main` })).toEqual([]);
          expect(leftInTmp()).toEqual([]);

          sql(repo, DB, "DELETE FROM t WHERE id = 7;");
          expect((await staged(repo)).map((v) => v.message)).toEqual([
            expect.stringMatching(LOST(1)),
          ]);
          sql(repo, DB, `UPDATE t SET v = 'changed' WHERE id IN (8, 9); ${rowsSql(801, 900)}`);
          commitNoVerify(repo, "a row deleted, two changed, 100 added");
          const range = await runRule(repo, RULE, { range: `${first}..main` });
          expect(range.map((v) => [v.rule, v.path])).toEqual([[RULE, DB]]);
          expect(range[0].message).toMatch(LOST(3));
          expect(leftInTmp()).toEqual([]);

          if (storeBefore) {
            // Opened in place, read-only and immutable: what was stored is byte for byte the
            // same, and no -journal, -wal or -shm appeared beside any object.
            const after = lfsStore(repo);
            for (const [file, hash] of storeBefore) expect(after.get(file)).toBe(hash);
            expect([...after.keys()].filter((f) => /-(journal|wal|shm)$/.test(f))).toEqual([]);
          }
        }));

      it("judges the staged version, not a work tree file changed after git add", () =>
        withRepo(async (repo) => {
          base(repo, lfs);
          // Staged: a row deleted; the work tree then gets a row more (not staged).
          sql(repo, DB, "DELETE FROM t WHERE id = 3;");
          repo.git("add", DB);
          sql(repo, DB, rowsSql(501, 501));
          expect((await runRule(repo, RULE)).map((v) => v.message)).toEqual([
            expect.stringMatching(LOST(1)),
          ]);
          // Staged: an append; the work tree then loses rows (not staged).
          repo.git("checkout", "HEAD", "--", DB);
          sql(repo, DB, rowsSql(501, 600));
          repo.git("add", DB);
          sql(repo, DB, "DELETE FROM t WHERE id < 100;");
          expect(await runRule(repo, RULE)).toEqual([]);
          expect(leftInTmp()).toEqual([]);
        }));

      it("gives the clear error for a damaged database", () =>
        withRepo(async (repo) => {
          const first = base(repo, lfs);
          const file = join(repo.dir, DB);
          const bytes = readFileSync(file);
          // The header stays (it is a database file), the pages after it are noise.
          bytes.fill(0x5a, 100, Math.min(bytes.length, 8192));
          writeFileSync(file, bytes);
          expect(await staged(repo)).toMatchObject([
            {
              rule: RULE,
              path: DB,
              message: expect.stringContaining("could not be read as an SQLite database"),
            },
          ]);
          commitNoVerify(repo, "damaged");
          expect(await runRule(repo, RULE, { range: `${first}..main` })).toMatchObject([
            { rule: RULE, message: expect.stringContaining("could not be read") },
          ]);
          expect(leftInTmp()).toEqual([]);
        }));
    });
  }

  describe.skipIf(missing("git-lfs"))("a missing Git LFS object", () => {
    it("is reported as a changed file, never accepted as unchanged", () =>
      withRepo(async (repo) => {
        const first = base(repo, true);
        sql(repo, DB, rowsSql(501, 600));
        commitNoVerify(repo, "100 rows more");
        // The new version's object is gone from the store (and there is no remote to fetch it).
        rmSync(lfsObjectOf(repo, "HEAD"));
        const r = await runRule(repo, RULE, { range: `${first}..main` });
        expect(r).toMatchObject([
          { rule: "append-only", path: DB, message: expect.stringContaining("never edited") },
        ]);
        // The old version's object gone instead: the same.
        repo.git("reset", "-q", "--hard", first);
        sql(repo, DB, rowsSql(501, 600));
        commitNoVerify(repo, "100 rows more, again");
        rmSync(lfsObjectOf(repo, first));
        expect(await runRule(repo, RULE, { range: `${first}..main` })).toMatchObject([
          { rule: "append-only", path: DB },
        ]);
        expect(leftInTmp()).toEqual([]);
      }));
  });

  it("mlbranch check --range: one run, nothing left in the temp folder", () =>
    withRepo(async (repo) => {
      const first = base(repo, false);
      sql(repo, DB, rowsSql(501, 700));
      commitNoVerify(repo, "200 rows more");
      const env = { TMPDIR: tmp };
      const ok = repo.mlbranch(["check", "--range", `${first}..main`], { env });
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      sql(repo, DB, "DELETE FROM t WHERE id > 600;");
      commitNoVerify(repo, "100 rows gone");
      const refused = repo.mlbranch(["check", "--range", `${first}..main`], { env });
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toMatch(LOST(100));
      expect(leftInTmp()).toEqual([]);
    }));

  // The server's copy of mlbranch has no node_modules: only node:sqlite (Node >= 22.13) gives
  // its pre-receive an engine (on Node 20 it refuses every database as unreadable).
  describe.skipIf(missing("git-lfs") || !engineAvailable("node:sqlite"))("pre-receive", () => {
    it("judges LFS databases from the server's store, leaving the store as it was", () =>
      withRepo(async (repo) => {
        const bare = makeRepo({ bare: true });
        try {
          const init = run(process.execPath, [CLI, "init", "--server", bare.dir], repo.dir);
          expect(init.code, init.stderr).toBe(0);
          base(repo, true);
          repo.git("remote", "add", "origin", bare.dir);
          const store = join(bare.dir, "lfs", "objects");
          // What `git lfs push` puts in the server's store, then the push itself.
          const upload = () =>
            cpSync(join(repo.dir, ".git", "lfs", "objects"), store, { recursive: true });
          const push = () => {
            upload();
            return repo.tryGit("push", "--no-verify", "origin", "main");
          };
          expect(push().code).toBe(0);
          sql(repo, DB, rowsSql(501, 900));
          commitNoVerify(repo, "400 rows more");
          const ok = push();
          expect(ok.code, ok.stderr).toBe(0);
          const before = lfsStore(repo, store);
          sql(repo, DB, "DELETE FROM t WHERE id BETWEEN 10 AND 11;");
          commitNoVerify(repo, "2 rows gone");
          const refused = push();
          expect(refused.code).not.toBe(0);
          expect(refused.stderr).toMatch(LOST(2));
          const after = lfsStore(repo, store);
          for (const [file, hash] of before) expect(after.get(file)).toBe(hash);
          expect([...after.keys()].filter((f) => /-(journal|wal|shm)$/.test(f))).toEqual([]);
        } finally {
          rmSync(bare.dir, { recursive: true, force: true });
        }
      }));
  });
});
