#!/usr/bin/env node
import { runTheirs } from "../src/merge/theirsDriver.js";

// git calls: node theirs.js %O %A %B %L %P; the incoming version always wins (exit 0).
process.exitCode = runTheirs(process.argv.slice(2));
