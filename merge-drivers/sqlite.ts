#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// git merge driver entry: `node sqlite.js %O %A %B %L %P`; 0 clean, 1 conflicts, 2 bad input.
runEntry(async (args, io) =>
  (await import("../src/merge/sqlite/runSqliteDriver.js")).runSqliteDriver(args, io),
);
