#!/usr/bin/env node
import { runHook } from "../src/hooks/runHook.js";
import { processIo } from "../src/io/processIo.js";

// Thin entry: git's arguments (and stdin) in, mlbranch's commit-msg check plus the chained hook, exit code out.
runHook("commit-msg", process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
