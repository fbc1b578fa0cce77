#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// What git runs for pre-receive (through .husky/pre-receive): the server's check of every pushed ref (installed by mlbranch init --server),
// then the hook that was there before mlbranch. The hook code loads after the compile cache is on.
runEntry(async (args, io) =>
  (await import("../src/hooks/runHook.js")).runHook("pre-receive", args, io),
);
