#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// git calls: node csv.js %O %A %B %L %P; exit 0 clean, 1 conflicts, 2 unreadable input.
runEntry(async (args) => {
  const [{ runDriver }, { csvDriver }] = await Promise.all([
    import("../src/merge/runDriver.js"),
    import("../src/merge/csvDriver.js"),
  ]);
  return runDriver(args, csvDriver);
});
