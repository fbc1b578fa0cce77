#!/usr/bin/env node
import { hookIo } from "../src/hooks/hookIo.js";
import { runHook } from "../src/hooks/runHook.js";

// Thin entry: git's arguments (and stdin) in, mlbranch's pre-push check plus the chained hook, exit code out.
runHook("pre-push", process.argv.slice(2), hookIo()).then((code) => {
  process.exitCode = code;
});
