#!/usr/bin/env node
import { jsonDriver } from "../src/merge/jsonDriver.js";
import { runDriver } from "../src/merge/runDriver.js";

// git calls: node json.js %O %A %B %L %P; exit 0 clean, 1 conflicts, 2 unreadable input.
process.exitCode = runDriver(process.argv.slice(2), jsonDriver);
