#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// What git runs for pre-merge-commit (through .husky/pre-merge-commit): the merge being committed judged like pre-commit,
// then the hook that was there before mlbranch. The hook code loads after the compile cache is on.
runEntry(async (args, io) =>
  (await import("../src/hooks/runHook.js")).runHook("pre-merge-commit", args, io),
);
