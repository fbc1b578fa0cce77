import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { useSqliteEngine } from "../../src/merge/sqlite/engine.js";
import { openDatabase } from "../../src/merge/sqlite/openDatabase.js";
import { PROJECT_ROOT, type Repo } from "./withRepo.js";

// Tests and the drivers they run use the engine MLBRANCH_SQLITE_ENGINE names (default: node:sqlite
// where Node has it, else better-sqlite3), so the suite runs against each engine.
useSqliteEngine(process.env.MLBRANCH_SQLITE_ENGINE);

/** The built merge driver and textconv entries. */
export const SQLITE_DRIVER = join(PROJECT_ROOT, "dist", "merge-drivers", "sqlite.js");
export const SQLITE_TEXTCONV = join(PROJECT_ROOT, "dist", "merge-drivers", "sqlite-textconv.js");

/** Register the mlbranch-sqlite merge driver and textconv in a test repository, as the installer will. */
export function useSqliteDriver(
  repo: Repo,
  attributes = "*.db merge=mlbranch-sqlite diff=mlbranch-sqlite\n",
  engine?: string,
): void {
  const env = engine ? `MLBRANCH_SQLITE_ENGINE=${engine} ` : "";
  repo.git("config", "merge.mlbranch-sqlite.name", "mlbranch SQLite");
  repo.git("config", "merge.mlbranch-sqlite.driver", `${env}node ${SQLITE_DRIVER} %O %A %B %L %P`);
  repo.git("config", "diff.mlbranch-sqlite.textconv", `node ${SQLITE_TEXTCONV}`);
  repo.write(".gitattributes", attributes);
}

/** Run SQL against a database file in the repository (created when absent). */
export function sql(repo: Repo, path: string, statements: string): void {
  mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
  const db = openDatabase(join(repo.dir, path));
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
  const db = openDatabase(join(dir, path), { readonly: true });
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
 * database at `path`), then `git merge other` (the driver on `engine` when given). Returns the
 * merge's exit code and output.
 */
export function mergeScenario(
  repo: Repo,
  path: string,
  base: string,
  ours: string,
  theirs: string,
  engine?: string,
): { code: number; stdout: string; stderr: string } {
  useSqliteDriver(repo, undefined, engine);
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
