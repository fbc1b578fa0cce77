import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
// Sets SQLITE_USE_URI before this file's first `new Database` loads the native addon: rules run
// in-process (test/rules/) open databases by URI, which the addon allows only if set at load.
import "../../src/merge/sqlite/openDatabase.js";
import { PROJECT_ROOT, type Repo } from "./withRepo.js";

/** The built merge driver and textconv entries. */
export const SQLITE_DRIVER = join(PROJECT_ROOT, "dist", "merge-drivers", "sqlite.js");
export const SQLITE_TEXTCONV = join(PROJECT_ROOT, "dist", "merge-drivers", "sqlite-textconv.js");

/** Register the mlbranch-sqlite merge driver and textconv in a test repository, as the installer will. */
export function useSqliteDriver(
  repo: Repo,
  attributes = "*.db merge=mlbranch-sqlite diff=mlbranch-sqlite\n",
): void {
  repo.git("config", "merge.mlbranch-sqlite.name", "mlbranch SQLite");
  repo.git("config", "merge.mlbranch-sqlite.driver", `node ${SQLITE_DRIVER} %O %A %B %L %P`);
  repo.git("config", "diff.mlbranch-sqlite.textconv", `node ${SQLITE_TEXTCONV}`);
  repo.write(".gitattributes", attributes);
}

/** Run SQL against a database file in the repository (created when absent). */
export function sql(repo: Repo, path: string, statements: string): void {
  mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
  const db = new Database(join(repo.dir, path));
  try {
    db.exec(statements);
  } finally {
    db.close();
  }
}

/** Rows of a query on a database file in the repository. */
export function rows<T = Record<string, unknown>>(
  repo: Repo | string,
  path: string,
  query: string,
): T[] {
  const dir = typeof repo === "string" ? repo : repo.dir;
  const db = new Database(join(dir, path), { readonly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

/** Files SQLite or the driver may leave behind (-wal, -journal, -shm, temp files) in a folder. */
export function strayFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /-(wal|journal|shm)$|\.mlbranch-|\.tmp$/.test(f));
}

/**
 * Base commit on main, then `ours` on main and `theirs` on branch "other" (each SQL applied to the
 * database at `path`), then `git merge other`. Returns the merge's exit code and output.
 */
export function mergeScenario(
  repo: Repo,
  path: string,
  base: string,
  ours: string,
  theirs: string,
): { code: number; stdout: string; stderr: string } {
  useSqliteDriver(repo);
  sql(repo, path, base);
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "other");
  sql(repo, path, theirs);
  repo.commit("theirs");
  repo.git("checkout", "-q", "main");
  sql(repo, path, ours);
  repo.commit("ours");
  return repo.tryGit("merge", "--no-edit", "other");
}
