import type { Rule } from "../types.js";
import { appendOnly } from "./appendOnly.js";
import { codeOnlyByMerge } from "./codeOnlyByMerge.js";
import { maxFileSize } from "./maxFileSize.js";
import { pathRules } from "./pathRules.js";
import { sqliteAppendOnly } from "./sqliteAppendOnly.js";
import { sqliteConflicts } from "./sqliteConflicts.js";
import { trailers } from "./trailers.js";

/** Every commit rule, in the order their violations are reported. Later modules add theirs here. */
export const rules: Rule[] = [pathRules, appendOnly, codeOnlyByMerge, trailers, maxFileSize];

// SQLite databases (issue 5): no unsettled merge conflicts; append-only databases only gain rows.
rules.push(sqliteConflicts, sqliteAppendOnly);
