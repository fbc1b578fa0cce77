#!/usr/bin/env node
import { csvDriver } from "../src/merge/csvDriver.js";
import { runDriver } from "../src/merge/runDriver.js";

// git calls: node csv.js %O %A %B %L %P; exit 0 clean, 1 conflicts, 2 unreadable input.
process.exitCode = runDriver(process.argv.slice(2), csvDriver);
