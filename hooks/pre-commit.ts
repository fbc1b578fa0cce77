#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// What git runs for pre-commit (through .husky/pre-commit): the staged change judged by its branch's rules, then lint-staged,
// then the hook that was there before mlbranch. The hook code loads after the compile cache is on.
runEntry(async (args, io) =>
  (await import("../src/hooks/runHook.js")).runHook("pre-commit", args, io),
);
