#!/usr/bin/env node
import { MlbranchError } from "../src/io/errors.js";
import { useSqliteEngine } from "../src/merge/sqlite/engine.js";
import { runSqliteDriver } from "../src/merge/sqlite/runSqliteDriver.js";

// git merge driver entry: `node sqlite.js %O %A %B %L %P`; 0 clean, 1 conflicts, 2 bad input.
// Environment: MLBRANCH_SQLITE_ENGINE=node:sqlite|better-sqlite3 picks the engine;
// MLBRANCH_SQLITE_FULL_SCAN=1 compares every row (a debugging aid).
try {
  useSqliteEngine(process.env.MLBRANCH_SQLITE_ENGINE);
  process.exitCode = await runSqliteDriver(
    process.argv.slice(2),
    {
      cwd: process.cwd(),
      err: (t) => process.stderr.write(`${t}\n`),
    },
    { fullScan: process.env.MLBRANCH_SQLITE_FULL_SCAN === "1" },
  );
} catch (e) {
  if (e instanceof MlbranchError) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = e.exitCode;
  } else {
    process.stderr.write(
      `mlbranch: internal error in the SQLite merge driver; this is a bug: ${(e as Error)?.stack ?? e}\n`,
    );
    process.exitCode = 70;
  }
}
