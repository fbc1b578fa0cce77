import type { FileSettings } from "../config/types.js";
import type { RecordMergeOptions } from "./types.js";

/** Record-merge options from a path's settings: append-only and conflicting keys by default. */
export function recordOptions(s: FileSettings, markerSize: number): RecordMergeOptions {
  return {
    appendOnly: s.appendOnly !== false,
    onKeyConflict: s.onKeyConflict ?? "conflict",
    markerSize,
  };
}
