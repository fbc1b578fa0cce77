#!/usr/bin/env node
import { runJsonlTextconv } from "../src/merge/jsonlTextconv.js";

// git diff calls: node jsonl-textconv.js <file>; prints one canonical record per line.
process.exitCode = runJsonlTextconv(process.argv.slice(2));
