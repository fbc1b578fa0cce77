import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { rows, sql, useSqliteDriver } from "../helpers/sqliteRepo.js";
import { useLfs, withRepo } from "../helpers/withRepo.js";

// Git LFS is installed by .ci/run; without it these tests cannot say anything, so they fail loudly.
describe.skipIf(missing("git-lfs", "sqlite-engine"))("mlbranch-sqlite with Git LFS", () => {
  it("merges the real content of LFS-tracked databases and commits a pointer", () =>
    withRepo((repo) => {
      useLfs(repo);
      useSqliteDriver(repo, "*.db filter=lfs diff=mlbranch-sqlite merge=mlbranch-sqlite -text\n");
      sql(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a');",
      );
      repo.commit("base");
      expect(repo.git("lfs", "ls-files", "--name-only")).toBe("data.db");
      repo.git("checkout", "-q", "-b", "other");
      sql(
        repo,
        "data.db",
        "INSERT INTO t VALUES (3, 'theirs'); UPDATE t SET v = 'A' WHERE id = 1;",
      );
      repo.commit("theirs");
      repo.git("checkout", "-q", "main");
      sql(repo, "data.db", "INSERT INTO t VALUES (2, 'ours');");
      repo.commit("ours");
      const r = repo.tryGit("merge", "--no-edit", "other");
      expect(r.code, r.stdout + r.stderr).toBe(0);
      // The committed blob is a pointer; the work tree holds the merged database.
      const blob = repo.git("cat-file", "-p", "HEAD:data.db");
      expect(blob).toMatch(
        /^version https:\/\/git-lfs.github.com\/spec\/v1\noid sha256:[0-9a-f]{64}\nsize \d+$/,
      );
      expect(readFileSync(join(repo.dir, "data.db")).subarray(0, 15).toString()).toBe(
        "SQLite format 3",
      );
      expect(rows(repo, "data.db", "SELECT * FROM t ORDER BY id")).toEqual([
        { id: 1, v: "A" },
        { id: 2, v: "ours" },
        { id: 3, v: "theirs" },
      ]);
      expect(repo.git("status", "--porcelain")).toBe("");
      // The pointer's object is stored: a fresh checkout of the merge gets the same rows.
      repo.rm("data.db");
      repo.git("checkout", "--", "data.db");
      expect(rows(repo, "data.db", "SELECT count(*) AS n FROM t")).toEqual([{ n: 3 }]);
    }));

  it("says which LFS object is missing and leaves ours' pointer", () =>
    withRepo((repo) => {
      useLfs(repo);
      useSqliteDriver(repo, "*.db filter=lfs diff=mlbranch-sqlite merge=mlbranch-sqlite -text\n");
      sql(
        repo,
        "data.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a');",
      );
      repo.commit("base");
      repo.git("checkout", "-q", "-b", "other");
      sql(repo, "data.db", "INSERT INTO t VALUES (3, 'theirs');");
      repo.commit("theirs");
      const theirsOid = /oid sha256:([0-9a-f]{64})/.exec(
        repo.git("cat-file", "-p", "HEAD:data.db"),
      )![1];
      repo.git("checkout", "-q", "main");
      sql(repo, "data.db", "INSERT INTO t VALUES (2, 'ours');");
      repo.commit("ours");
      const oursPointer = repo.git("cat-file", "-p", "HEAD:data.db");
      // Theirs' object is gone from the local store (as after a fetch without LFS objects).
      repo.rm(
        join(".git", "lfs", "objects", theirsOid.slice(0, 2), theirsOid.slice(2, 4), theirsOid),
      );
      const r = repo.tryGit("merge", "--no-edit", "other");
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(
        /data\.db is stored with Git LFS and the theirs version's content is not available locally/,
      );
      expect(repo.git("show", ":2:data.db")).toBe(oursPointer);
    }));
});
