#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// git calls: node jsonl.js %O %A %B %L %P; exit 0 clean, 1 conflicts, 2 unreadable input.
runEntry(async (args) => {
  const [{ runDriver }, { jsonlDriver }] = await Promise.all([
    import("../src/merge/runDriver.js"),
    import("../src/merge/jsonlDriver.js"),
  ]);
  return runDriver(args, jsonlDriver);
});
