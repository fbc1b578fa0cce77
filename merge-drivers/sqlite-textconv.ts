#!/usr/bin/env node
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeSync } from "node:fs";
import { InputError, MlbranchError } from "../src/io/errors.js";
import { sqliteMsg } from "../src/io/messages/sqlite.js";
import { dumpDatabase } from "../src/merge/sqlite/dumpDatabase.js";
import { SqliteEngineMissing, useSqliteEngine } from "../src/merge/sqlite/engine.js";

// textconv entry for `git diff`: `node sqlite-textconv.js <file>` prints a deterministic dump.
const [file] = process.argv.slice(2);
try {
  useSqliteEngine(process.env.MLBRANCH_SQLITE_ENGINE);
  if (!file) throw new MlbranchError(sqliteMsg.textconvUsage());
  dumpDatabase(file, (t) => {
    writeSync(1, t);
  });
} catch (e) {
  if ((e instanceof InputError || e instanceof SqliteEngineMissing) && file && existsSync(file)) {
    // A *.db file that is not SQLite must not break `git diff`: say so, and show its content hash.
    const hash = createHash("sha256").update(readFileSync(file)).digest("hex");
    writeSync(1, `-- ${e.message.split(". ")[0].replace(` at ${file}`, "")}\n-- sha256 ${hash}\n`);
  } else {
    process.stderr.write(
      e instanceof MlbranchError
        ? `${e.message}\n`
        : `mlbranch: internal error in the SQLite textconv; this is a bug: ${(e as Error)?.stack ?? e}\n`,
    );
    process.exitCode = e instanceof MlbranchError ? e.exitCode : 70;
  }
}
