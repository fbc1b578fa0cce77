import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { mergeScenario, SQLITE_DRIVER, sql, strayFiles } from "../helpers/sqliteRepo.js";
import { testEnv, withRepo } from "../helpers/withRepo.js";

// A killed driver must not leave its (database-sized) temp file in the work tree, where
// `git add -A` would stage it: temp files live under the git dir and the next run removes them.

/** The pid of a process that has exited (so no process has it now). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(r.stdout.toString());
}

describe.skipIf(missing("sqlite-engine"))("mlbranch-sqlite temp files", () => {
  it("a driver killed mid-merge leaves nothing in the work tree; the next merge removes its leftovers", () =>
    withRepo(async (repo) => {
      sql(
        repo,
        "big.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);" +
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) INSERT INTO t SELECT i, 'value ' || i FROM n;",
      );
      const base = join(repo.dir, "base.db");
      const theirs = join(repo.dir, "theirs.db");
      copyFileSync(join(repo.dir, "big.db"), base);
      copyFileSync(join(repo.dir, "big.db"), theirs);
      sql(repo, "theirs.db", "UPDATE t SET v = v || '!' WHERE id % 2 = 0;");
      repo.git("add", "-A");
      repo.git("commit", "-qm", "inputs");
      const tmpDir = join(repo.dir, ".git", "mlbranch-tmp");
      const child = spawn(
        process.execPath,
        [SQLITE_DRIVER, base, join(repo.dir, "big.db"), theirs, "7", "big.db"],
        {
          cwd: repo.dir,
          env: testEnv(),
          stdio: "ignore",
        },
      );
      const exited = new Promise((r) => child.on("exit", r));
      let killed = false;
      for (let i = 0; i < 4000 && child.exitCode === null; i++) {
        if (existsSync(tmpDir) && readdirSync(tmpDir).some((f) => f.startsWith(`${child.pid}-`))) {
          child.kill("SIGKILL");
          killed = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      await exited;
      if (!killed) {
        // The merge finished before it could be killed: leave what a killed one would have left.
        mkdirSync(tmpDir, { recursive: true });
        writeFileSync(join(tmpDir, `${deadPid()}-0-big.db.merge`), "x".repeat(4096));
      }
      expect(readdirSync(tmpDir).length).toBeGreaterThan(0);
      // Nothing for `git add -A` to pick up.
      expect(strayFiles(repo.dir)).toEqual([]);
      expect(repo.git("status", "--porcelain", "--untracked-files=all")).toBe("");

      // A leftover of the old layout (beside %A) from a dead driver goes too.
      const legacy = join(repo.dir, `.merge_file_x.mlbranch-${deadPid()}.tmp`);
      writeFileSync(legacy, "x");
      const r = mergeScenario(
        repo,
        "data.db",
        "CREATE TABLE a (id INTEGER PRIMARY KEY, v); INSERT INTO a VALUES (1, 1);",
        "INSERT INTO a VALUES (2, 2);",
        "INSERT INTO a VALUES (3, 3);",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(legacy)).toBe(false);
      expect(readdirSync(tmpDir)).toEqual([]);
      expect(strayFiles(repo.dir)).toEqual([]);
    }));
});
