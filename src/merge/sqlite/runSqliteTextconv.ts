import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeSync } from "node:fs";
import { EXIT, InputError, MlbranchError } from "../../io/errors.js";
import { sqliteMsg } from "../../io/messages/sqlite.js";
import { dumpDatabase } from "./dumpDatabase.js";
import { SqliteEngineMissing, useSqliteEngine } from "./engine.js";

/**
 * textconv for `git diff`: a deterministic dump of the database at argv[0] on stdout
 * (MLBRANCH_SQLITE_ENGINE in io.env picks the SQLite engine).
 */
export function runSqliteTextconv(argv: string[], io?: { env: NodeJS.ProcessEnv }): number {
  const [file] = argv;
  if (io) useSqliteEngine(io.env.MLBRANCH_SQLITE_ENGINE);
  if (!file) throw new MlbranchError(sqliteMsg.textconvUsage());
  try {
    dumpDatabase(file, (t) => {
      writeSync(1, t);
    });
  } catch (e) {
    if (!(e instanceof InputError || e instanceof SqliteEngineMissing) || !existsSync(file))
      throw e;
    // A *.db file that is not SQLite (or no engine to read it) must not break `git diff`: say so,
    // and show its content hash.
    const hash = createHash("sha256").update(readFileSync(file)).digest("hex");
    writeSync(1, `-- ${e.message.split(". ")[0].replace(` at ${file}`, "")}\n-- sha256 ${hash}\n`);
  }
  return EXIT.ok;
}
