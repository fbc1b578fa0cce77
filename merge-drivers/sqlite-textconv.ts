#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// textconv entry for `git diff`: `node sqlite-textconv.js <file>` prints a deterministic dump.
runEntry(async (args, io) =>
  (await import("../src/merge/sqlite/runSqliteTextconv.js")).runSqliteTextconv(args, io),
);
