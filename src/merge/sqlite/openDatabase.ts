import { pathToFileURL } from "node:url";
import { type OpenOptions, openWithEngine, type SqlDb } from "./engine.js";

/** A new connection (URI filenames on); every SQLite connection of the driver is made here. */
export function openDatabase(path: string, opts: OpenOptions = {}): SqlDb {
  return openWithEngine(path, opts);
}

/** A read-only URI for a file git handed us: immutable, so no -wal, -shm or -journal appears. */
export function readOnlyUri(path: string): string {
  return `${pathToFileURL(path).href}?mode=ro&immutable=1`;
}

/** Settings for a connection that reads untrusted databases. */
export function hardenConnection(db: SqlDb): void {
  // Functions and virtual tables named in an untrusted schema may not run.
  db.pragma("trusted_schema = OFF");
  db.pragma("cell_size_check = ON");
  // Rows already carry their triggers' and cascades' effects: merging must not re-apply them.
  db.pragma("foreign_keys = OFF");
  db.pragma("recursive_triggers = OFF");
}

/** Open a database read-only and hardened (textconv, policy rules, `mlbranch conflicts`). */
export function openReadOnly(path: string, immutable = true): SqlDb {
  const db = immutable
    ? openDatabase(readOnlyUri(path), { readonly: true, fileMustExist: true })
    : openDatabase(path, { readonly: true, fileMustExist: true });
  hardenConnection(db);
  db.pragma("query_only = ON");
  return db;
}
