#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// What git runs for pre-push (through .husky/pre-push): every pushed ref, every new commit replayed,
// then the hook that was there before mlbranch. The hook code loads after the compile cache is on.
runEntry(async (args, io) =>
  (await import("../src/hooks/runHook.js")).runHook("pre-push", args, io),
);
