import type { Rule } from "../types.js";
import { appendOnly } from "./appendOnly.js";
import { codeOnlyByMerge } from "./codeOnlyByMerge.js";
import { configChange } from "./configChange.js";
import { maxFileSize } from "./maxFileSize.js";
import { pathRules } from "./pathRules.js";
import { trailers } from "./trailers.js";

/** Every commit rule, in the order their violations are reported. Later modules add theirs here. */
export const rules: Rule[] = [pathRules, appendOnly, codeOnlyByMerge, trailers, maxFileSize];

// issue 3: mlbranch.json changes only on the default branch.
rules.push(configChange);
