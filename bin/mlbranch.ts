#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// `mlbranch <command> [options]`; each command's module loads only when it runs.
runEntry(async (args, io) => (await import("../src/cli/main.js")).main(args, io));
