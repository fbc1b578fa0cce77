#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// What git runs for commit-msg (through .husky/commit-msg): the message's trailers (Data-Source, Derived-From, ...),
// then the hook that was there before mlbranch. The hook code loads after the compile cache is on.
runEntry(async (args, io) =>
  (await import("../src/hooks/runHook.js")).runHook("commit-msg", args, io),
);
