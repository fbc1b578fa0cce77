#!/usr/bin/env node
import { writeSync } from "node:fs";
import { MlbranchError } from "../src/errors.js";
import { dumpDatabase } from "../src/merge/sqlite/dumpDatabase.js";
import { sqliteMsg } from "../src/messages.js";

// textconv entry for `git diff`: `node sqlite-textconv.js <file>` prints a deterministic dump.
const [file] = process.argv.slice(2);
try {
  if (!file) throw new MlbranchError(sqliteMsg.textconvUsage());
  dumpDatabase(file, (t) => {
    writeSync(1, t);
  });
} catch (e) {
  process.stderr.write(
    e instanceof MlbranchError
      ? `${e.message}\n`
      : `mlbranch: internal error in the SQLite textconv; this is a bug: ${(e as Error)?.stack ?? e}\n`,
  );
  process.exitCode = e instanceof MlbranchError ? e.exitCode : 70;
}
