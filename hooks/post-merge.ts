#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// What git runs for post-merge (through .husky/post-merge): one line when a merge driver .gitattributes names is not set up,
// then the hook that was there before mlbranch. The hook code loads after the compile cache is on.
runEntry(async (args, io) =>
  (await import("../src/hooks/runHook.js")).runHook("post-merge", args, io),
);
