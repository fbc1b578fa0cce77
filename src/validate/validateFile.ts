import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { matchesAny } from "../config/globs.js";
import type { Config } from "../config/types.js";
import { type SqlDb, SqliteEngineMissing } from "../merge/sqlite/engine.js";
import { openReadOnly } from "../merge/sqlite/openDatabase.js";
import { tableSchemaFor } from "../quality/contracts/contractFor.js";
import { isCsvPath } from "../records/recordFile.js";
import { csvProblems, jsonlValues, MAX_PROBLEMS } from "./recordProblems.js";

const require = createRequire(import.meta.url);

type Validator = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string }[] | null;
};

const SIDE_FILE = /-(wal|shm|journal)$/;
const SQLITE = /\.(db|sqlite|sqlite3)$/i;
const JSONL = /\.(jsonl|ndjson)$/i;
const JSON_FILE = /\.json$/i;

/** The JSON Schema mlbranch.json names for a repository path (files[glob].schema, tracking.schema). */
export function schemaFor(config: Config, path: string): string | undefined {
  if (config.tracking.schema && path === config.tracking.file) return config.tracking.schema;
  for (const [glob, s] of Object.entries(config.files))
    if (s.schema && matchesAny(path, [glob])) return s.schema;
  return undefined;
}

const compiled = new Map<string, Validator | string>();

function loadSchema(root: string, schemaPath: string): Validator | string {
  let v = compiled.get(schemaPath);
  if (v) return v;
  const file = join(root, schemaPath);
  if (!existsSync(file))
    v = `its schema ${schemaPath} (named in mlbranch.json) does not exist; add the file or fix the path`;
  else {
    try {
      const schema = JSON.parse(readFileSync(file, "utf8"));
      // Load ajv only when a schema is used: it costs ~70 ms to import.
      const is2020 = String(schema.$schema ?? "").includes("2020-12");
      const mod = is2020 ? require("ajv/dist/2020") : require("ajv");
      const AjvClass = mod.default ?? mod;
      v = new AjvClass({ allErrors: true, strict: false }).compile(schema) as Validator;
    } catch (e) {
      v = `its schema ${schemaPath} is not a usable JSON Schema (${(e as Error).message.split("\n")[0]}); fix the schema file`;
    }
  }
  compiled.set(schemaPath, v);
  return v;
}

function schemaErrors(v: Validator, data: unknown, where: string): string[] {
  if (v(data)) return [];
  return (v.errors ?? [])
    .slice(0, 3)
    .map((e) => `${where}${e.instancePath || "(record)"} ${e.message ?? "is invalid"}`);
}

function sqliteProblems(abs: string): string[] {
  const head = fileHead(abs, 16).toString("latin1"); // not the whole database: its header
  if (head.startsWith("version https://git-lfs")) return []; // a pointer: the content is not here to judge
  if (!head.startsWith("SQLite format 3")) return ["is not a SQLite database (no SQLite header)"];
  let db: SqlDb;
  try {
    // Immutable: a database in WAL, rollback or memory journal mode gets no -wal, -shm or
    // -journal beside it from being read (the next commit would refuse those).
    db = openReadOnly(abs);
  } catch (e) {
    if (e instanceof SqliteEngineMissing)
      return [`cannot be checked: ${e.message.replace(/^mlbranch: /, "")}`];
    return [`cannot be opened as SQLite: ${(e as Error).message.split("\n")[0]}`];
  }
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    const bad = rows.map((r) => r.integrity_check).filter((r) => r !== "ok");
    return bad.length ? [`fails PRAGMA integrity_check: ${bad.slice(0, 3).join("; ")}`] : [];
  } catch (e) {
    return [`cannot be read as SQLite: ${(e as Error).message}`];
  } finally {
    db.close();
  }
}

/**
 * Problems with one staged data file (empty when fine): SQLite side files are refused, SQLite
 * files pass PRAGMA integrity_check, JSON / JSON Lines parse, each JSON Lines line is a record,
 * and they satisfy their schema; CSV / TSV read as the records reader reads them (a file with a
 * Table Schema is read by that check instead).
 */
export function validateFile(root: string, config: Config, path: string): string[] {
  const abs = join(root, path);
  if (SIDE_FILE.test(path))
    return [
      `is a SQLite ${path.replace(/^.*-/, "")} side file, never committed: close the database (or run PRAGMA wal_checkpoint(TRUNCATE)), unstage it (git restore --staged -- '${path}') and add "*-wal", "*-shm", "*-journal" to .gitignore`,
    ];
  if (!existsSync(abs)) return [];
  if (SQLITE.test(path)) return sqliteProblems(abs);
  if (isCsvPath(path))
    return tableSchemaFor(config, path) ? [] : csvProblems(readFileSync(abs), path);
  const jsonl = JSONL.test(path);
  if (!jsonl && !JSON_FILE.test(path)) return [];
  const schemaPath = schemaFor(config, path);
  const v = schemaPath ? loadSchema(root, schemaPath) : undefined;
  if (typeof v === "string") return [v];
  const out: string[] = [];
  if (!jsonl) {
    try {
      const data = JSON.parse(readFileSync(abs, "utf8").replace(/^\uFEFF/, ""));
      if (v) out.push(...schemaErrors(v, data, ""));
    } catch (e) {
      out.push(`is not valid JSON: ${(e as Error).message}`);
    }
    return out;
  }
  for (const r of jsonlValues(readFileSync(abs))) {
    if (out.length >= MAX_PROBLEMS) break;
    if ("problem" in r) out.push(`line ${r.line} ${r.problem}`);
    else if (v) out.push(...schemaErrors(v, r.value, `line ${r.line}: `));
  }
  return out;
}

// The first `n` bytes of a file (fewer when it is shorter).
function fileHead(file: string, n: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const b = Buffer.alloc(n);
    return b.subarray(0, readSync(fd, b, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}
