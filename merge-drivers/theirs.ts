#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// git calls: node theirs.js %O %A %B %L %P; the incoming version always wins (exit 0).
runEntry(async (args) => (await import("../src/merge/theirsDriver.js")).runTheirs(args));
