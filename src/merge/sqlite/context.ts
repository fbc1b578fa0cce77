import type { ConflictRow } from "./conflicts.js";
import type { SqlDb } from "./engine.js";
import type { SqliteMergeOptions } from "./mergeDatabases.js";
import type { SqlValue } from "./sql.js";

/** How one table's conflicts are settled (from mlbranch.json `files`). */
export interface TableSettings {
  onConflict: "conflict" | "ours" | "theirs";
  cellwise: boolean;
  rekey: boolean;
}

/** State shared by the per-table merges of one database. */
export interface MergeContext {
  /** The result being built (schema main), with base and theirs attached read-only. */
  db: SqlDb;
  /** A second connection to base and theirs only, so their rows stream while `db` writes. */
  reader: SqlDb;
  conflicts: ConflictRow[];
  /** table (lower case) -> theirs' id (as text) -> the fresh id it got in the result. */
  rekeyed: Map<string, Map<string, SqlValue>>;
  /** Counts for the summary: rows inserted, updated, deleted from theirs. */
  stats: { inserted: number; updated: number; deleted: number };
  opts: SqliteMergeOptions;
}
