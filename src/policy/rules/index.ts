import type { Rule } from "../types.js";
import { appendOnly } from "./appendOnly.js";
import { codeOnlyByMerge } from "./codeOnlyByMerge.js";
import { configChange } from "./configChange.js";
import { maxFileSize } from "./maxFileSize.js";
import { mergeKeepsRecords } from "./mergeKeepsRecords.js";
import { monitor } from "./monitor.js";
import { pathRules } from "./pathRules.js";
import { split } from "./split.js";
import { sqliteAppendOnly } from "./sqliteAppendOnly.js";
import { sqliteConflicts } from "./sqliteConflicts.js";
import { trailers } from "./trailers.js";

/** Every commit rule, in the order their violations are reported. Later modules add theirs here. */
export const rules: Rule[] = [
  pathRules,
  appendOnly,
  codeOnlyByMerge,
  trailers,
  maxFileSize,
  // mlbranch.json changes only on the default branch
  configChange,
  // the merge-driver safety net
  mergeKeepsRecords,
  // data-quality gates
  split,
  monitor,
  // SQLite: no unresolved merge conflicts; append-only databases only gain rows
  sqliteConflicts,
  sqliteAppendOnly,
];
