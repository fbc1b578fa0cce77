import type { ConflictRow } from "./conflicts.js";
import type { SqlDb } from "./engine.js";
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

/** How a merge runs (tests and benchmarks set them; the defaults are what git runs). */
export interface SqliteMergeOptions {
  /** Compare every row instead of only those on pages where base and theirs differ. */
  fullScan?: boolean;
  /** Never apply changes set-wise. */
  rowByRow?: boolean;
  /** Changed rows of a table after which the set-wise path starts (default 20,000). */
  bulkAfter?: number;
  /** The work tree top (git runs drivers there): temp files go under its git dir. */
  cwd?: string;
  /** Temp files here instead of under the git dir. */
  tempDir?: string;
}
