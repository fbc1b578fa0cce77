import { existsSync } from "node:fs";
import { join } from "node:path";
import { runGit } from "../git/execGit.js";
import { installMsg } from "../io/messages/install.js";
import { engineAvailable } from "../merge/sqlite/engine.js";
import type { InstallContext } from "./context.js";

const DATABASES = ["*.db", "*.sqlite", "*.sqlite3"];

/**
 * A one-line note when the repository holds SQLite files, this Node has no usable node:sqlite
 * (Node 20) and better-sqlite3 is not installed: the SQLite driver needs one of them.
 */
export function sqliteEngineNote(ctx: InstallContext): string | null {
  if (existsSync(join(ctx.pkgDir, "node_modules", "better-sqlite3", "package.json"))) return null;
  if (engineAvailable("node:sqlite")) return null;
  const r = runGit(
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...DATABASES],
    { cwd: ctx.root, okCodes: [128] },
  );
  const files = r.stdout.toString("utf8").split("\0").filter(Boolean);
  return files.length ? installMsg.sqliteEngine(files[0], files.length) : null;
}
