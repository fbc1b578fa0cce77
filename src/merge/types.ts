import type { Rec } from "../records/types.js";

export type { ParseProblem, Rec } from "../records/types.js";

/** How records merge (from mlbranch.json `files`). */
export interface RecordMergeOptions {
  /** true (default): base records are never changed or removed; false: three-way record merge. */
  appendOnly: boolean;
  onKeyConflict: "conflict" | "ours" | "theirs" | "keep-both";
  /** Conflict marker size (%L). */
  markerSize: number;
  /** appendOnly false with keys: merges a record changed on both sides field by field. */
  mergeFields?: (base: Rec, ours: Rec, theirs: Rec) => Rec | null;
}

/** A piece of the merged output: a record, or a conflict block between two sides. */
export type OutPiece =
  | { kind: "rec"; rec: Rec }
  | { kind: "conflict"; ours: Rec[]; theirs: Rec[]; why: string };

/** The merge of three record lists. */
export interface RecordMergeResult {
  pieces: OutPiece[];
  conflicts: string[];
}
