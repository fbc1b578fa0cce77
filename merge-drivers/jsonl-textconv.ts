#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// git diff calls: node jsonl-textconv.js <file>; prints one canonical record per line.
runEntry(async (args) => (await import("../src/merge/jsonlTextconv.js")).runJsonlTextconv(args));
