import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hardenConnection, openDatabase, readOnlyUri } from "../../merge/sqlite/openDatabase.js";

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Copy the runs an MLflow SQLite store (sqlite:///mlflow.db) on a stable branch has and the
 * target's lacks: the runs rows, every row of a table with a run_uuid column (params, tags,
 * metrics, latest_metrics, ...) for those runs, and the experiments (with their tags) the target
 * lacks. Columns both sides share are copied, so stores of two MLflow versions still combine.
 * A target without a store gets the source's as is. Null when nothing is new.
 */
export function promoteDbRuns(
  src: Buffer,
  dst: Buffer | null,
): { bytes: Buffer; runs: string[] } | null {
  const tmp = mkdtempSync(join(tmpdir(), "mlbranch-mlflowdb-"));
  try {
    const srcFile = join(tmp, "src.db");
    const dstFile = join(tmp, "dst.db");
    writeFileSync(srcFile, src);
    if (dst) writeFileSync(dstFile, dst);
    else copyFileSync(srcFile, dstFile);
    const db = openDatabase(dstFile);
    let runs: string[];
    try {
      hardenConnection(db);
      db.exec("PRAGMA journal_mode = DELETE");
      db.prepare("ATTACH DATABASE ? AS s").run(readOnlyUri(srcFile));
      const ids = (q: string) => (db.prepare(q).all() as { id: string }[]).map((r) => r.id);
      const srcRuns = ids("SELECT run_uuid AS id FROM s.runs").sort();
      if (!dst) return srcRuns.length ? { bytes: src, runs: srcRuns } : null;
      runs = ids(
        "SELECT run_uuid AS id FROM s.runs WHERE run_uuid NOT IN (SELECT run_uuid FROM main.runs)",
      );
      if (!runs.length) return null;
      const cols = (schema: string, table: string) =>
        (db.prepare(`PRAGMA ${schema}.table_info(${q(table)})`).all() as { name: string }[]).map(
          (c) => c.name,
        );
      const tables = (schema: string) =>
        ids(
          `SELECT name AS id FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
        );
      const mainTables = new Set(tables("main"));
      const copy = (table: string, where: string) => {
        if (!mainTables.has(table)) return;
        const mine = new Set(cols("main", table));
        const both = cols("s", table)
          .filter((c) => mine.has(c))
          .map(q)
          .join(", ");
        db.exec(
          `INSERT OR IGNORE INTO main.${q(table)} (${both}) SELECT ${both} FROM s.${q(table)} WHERE ${where}`,
        );
      };
      db.exec("CREATE TEMP TABLE new_runs (run_uuid TEXT PRIMARY KEY)");
      const add = db.prepare("INSERT INTO new_runs VALUES (?)");
      for (const r of runs) add.run(r);
      // Plain SQL only (BEGIN/COMMIT, prepare/all/run): any SQLite engine the package opens does.
      db.exec("BEGIN");
      {
        const exps =
          "experiment_id IN (SELECT experiment_id FROM s.runs WHERE run_uuid IN (SELECT run_uuid FROM new_runs)) AND experiment_id NOT IN (SELECT experiment_id FROM main.experiments)";
        copy("experiment_tags", exps);
        copy("experiments", exps);
        copy("runs", "run_uuid IN (SELECT run_uuid FROM new_runs)");
        for (const t of tables("s"))
          if (t !== "runs" && cols("s", t).includes("run_uuid"))
            copy(t, "run_uuid IN (SELECT run_uuid FROM new_runs)");
      }
      db.exec("COMMIT");
      db.exec("DETACH DATABASE s");
    } finally {
      db.close();
    }
    return { bytes: readFileSync(dstFile), runs: runs.sort() };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
