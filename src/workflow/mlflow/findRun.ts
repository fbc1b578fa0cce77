import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../config/types.js";
import { BlobReader, isLfsPointer } from "../../git/blobs.js";
import { openReadOnly } from "../../merge/sqlite/openDatabase.js";
import type { TreeEntry } from "../fingerprints.js";
import { mlflowSettings, storePath } from "./mlflowSettings.js";
import { parseYaml } from "./yaml.js";

/** The MLflow run whose model-tag tag names a tag. */
export interface MlflowMatch {
  store: "file" | "sqlite";
  /** The run folder (file store) or the database file (SQLite). */
  path: string;
  experiment_id: string;
  run_id: string;
  run_name: string | null;
  params: Record<string, string>;
  /** Each metric's latest value (the last line of its file; latest_metrics in SQLite). */
  metrics: Record<string, number>;
}

async function fromFiles(
  cwd: string,
  dir: string,
  key: string,
  tag: string,
  files: TreeEntry[],
): Promise<MlflowMatch | null> {
  const hits = files.filter((f) => {
    const p = storePath(dir, f.path);
    return p?.kind === "run" && p.rest === `tags/${key}`;
  });
  if (!hits.length) return null;
  const blobs = new BlobReader(cwd);
  // Awaited: a prefetch still streaming would race the reads below (each then a cat-file).
  await blobs.prefetch(hits.map((h) => h.oid));
  const hit = hits.filter((h) => blobs.read(h.oid).toString("utf8").trim() === tag).at(-1);
  if (!hit) return null;
  const p = storePath(dir, hit.path) as { experiment: string; run: string };
  const base = `${dir}/${p.experiment}/${p.run}/`;
  const own = files.filter((f) => f.path.startsWith(base) && f.type === "blob");
  await blobs.prefetch(
    own.filter((f) => !f.path.startsWith(`${base}artifacts/`)).map((f) => f.oid),
  );
  const out: MlflowMatch = {
    store: "file",
    path: base.slice(0, -1),
    experiment_id: p.experiment,
    run_id: p.run,
    run_name: null,
    params: {},
    metrics: {},
  };
  for (const f of own) {
    const rest = f.path.slice(base.length);
    if (rest === "meta.yaml") {
      const y = parseYaml(blobs.read(f.oid).toString("utf8"));
      out.run_name = y.run_name === undefined || y.run_name === null ? null : String(y.run_name);
    } else if (rest.startsWith("params/")) {
      out.params[rest.slice(7)] = blobs.read(f.oid).toString("utf8");
    } else if (rest.startsWith("metrics/")) {
      const last = blobs.read(f.oid).toString("utf8").trim().split("\n").at(-1) ?? "";
      const v = Number(last.split(" ")[1]);
      if (!Number.isNaN(v)) out.metrics[rest.slice(8)] = v;
    }
  }
  return out;
}

function fromDb(cwd: string, db: TreeEntry, key: string, tag: string): MlflowMatch | null {
  const bytes = new BlobReader(cwd).read(db.oid);
  if (isLfsPointer(bytes)) return null;
  const tmp = mkdtempSync(join(tmpdir(), "mlbranch-lineage-"));
  try {
    const file = join(tmp, "mlflow.db");
    writeFileSync(file, bytes);
    const conn = openReadOnly(file);
    try {
      const run = conn
        .prepare(
          "SELECT r.run_uuid AS id, r.name AS name, r.experiment_id AS exp FROM tags t JOIN runs r ON r.run_uuid = t.run_uuid WHERE t.key = ? AND t.value = ? ORDER BY r.start_time DESC LIMIT 1",
        )
        .get(key, tag) as { id: string; name: string | null; exp: number } | undefined;
      if (!run) return null;
      const params = conn.prepare("SELECT key, value FROM params WHERE run_uuid = ?").all(run.id);
      const metrics = conn
        .prepare("SELECT key, value FROM latest_metrics WHERE run_uuid = ?")
        .all(run.id);
      return {
        store: "sqlite",
        path: db.path,
        experiment_id: String(run.exp),
        run_id: run.id,
        run_name: run.name,
        params: Object.fromEntries(
          (params as { key: string; value: string }[]).map((r) => [r.key, r.value]),
        ),
        metrics: Object.fromEntries(
          (metrics as { key: string; value: number }[]).map((r) => [r.key, r.value]),
        ),
      };
    } finally {
      conn.close();
    }
  } catch {
    // Not an MLflow store (or a damaged one): lineage names no run rather than failing.
    return null;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The MLflow run of a snapshot tagged with the model tag: file store first, then mlflow.db. */
export async function findMlflowRun(
  cwd: string,
  config: Config,
  files: TreeEntry[],
  tag: string | null,
): Promise<MlflowMatch | null> {
  if (!tag) return null;
  const s = mlflowSettings(config);
  const hit = await fromFiles(cwd, s.dir, s.tagKey, tag, files);
  if (hit) return hit;
  const db = files.find((f) => f.path === s.db && f.type === "blob");
  return db ? fromDb(cwd, db, s.tagKey, tag) : null;
}
