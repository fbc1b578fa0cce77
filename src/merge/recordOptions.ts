import type { FileSettings } from "../config/types.js";
import type { FieldMerge } from "./fieldMerge.js";
import type { RecordMergeOptions } from "./types.js";

/** Record-merge options from a path's settings: append-only and conflicting keys by default. */
export function recordOptions(
  s: FileSettings,
  markerSize: number,
  fields?: FieldMerge,
): RecordMergeOptions {
  // Keyed records that may change merge cell by cell (Dolt's default) unless cellwise is false.
  const cellwise = s.appendOnly === false && !!s.key?.length && s.cellwise !== false;
  return {
    appendOnly: s.appendOnly !== false,
    onKeyConflict: s.onKeyConflict ?? "conflict",
    markerSize,
    mergeFields: cellwise ? fields : undefined,
  };
}
