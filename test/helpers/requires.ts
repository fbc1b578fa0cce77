import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { engineAvailable } from "../../src/merge/sqlite/engine.js";
import { hooksEnv } from "./installed.js";

/** The optional tools some tests need; CI installs them all. */
export type Tool =
  | "git-lfs"
  | "sqldiff"
  | "chromium"
  | "pre-commit"
  | "git-daemon"
  | "lighttpd"
  | "sqlite-engine";

// An SQLite engine is a module, not a program: asked in-process, as the driver would load it.
const SQLITE_ENGINE_INSTALL =
  "Node >= 22.13 (node:sqlite), or on Node 20: npm install --no-save better-sqlite3@12";
const sqliteEngine = () => engineAvailable("node:sqlite") || engineAvailable("better-sqlite3");

const PROBE: Record<Tool, { cmd: string; args: string[]; install: string }[]> = {
  "git-lfs": [{ cmd: "git", args: ["lfs", "version"], install: "apt-get install git-lfs" }],
  sqldiff: [{ cmd: "sqldiff", args: ["--help"], install: "apt-get install sqlite3-tools" }],
  chromium: [
    { cmd: "chromium", args: ["--version"], install: "apt-get install chromium" },
    { cmd: "chromium-browser", args: ["--version"], install: "apt-get install chromium" },
  ],
  "pre-commit": [{ cmd: "pre-commit", args: ["--version"], install: "apt-get install pre-commit" }],
  "sqlite-engine": [{ cmd: "", args: [], install: SQLITE_ENGINE_INSTALL }],
  lighttpd: [
    { cmd: "lighttpd", args: ["-v"], install: "apt-get install lighttpd" },
    { cmd: "/usr/sbin/lighttpd", args: ["-v"], install: "apt-get install lighttpd" },
  ],
  "git-daemon": [
    {
      cmd: "sh",
      args: ["-c", 'test -x "$(git --exec-path)/git-daemon"'],
      install: "apt-get install git (a build with git-daemon)",
    },
  ],
};

const known = new Map<Tool, boolean>();

/** True when `tool` runs on this machine (probed once per test file). */
export function has(tool: Tool): boolean {
  let ok = known.get(tool);
  if (ok === undefined) {
    ok =
      tool === "sqlite-engine"
        ? sqliteEngine()
        : PROBE[tool].some((p) => {
            const r = spawnSync(p.cmd, p.args, { stdio: "ignore", timeout: 20_000 });
            return !r.error && r.status === 0;
          });
    known.set(tool, ok);
  }
  return ok;
}

/**
 * True when a test needing `tools` must be skipped: says so in one line naming what to install.
 * With MLBRANCH_REQUIRE_ALL_TOOLS=1 (CI) a missing tool fails instead of skipping.
 */
export function missing(...tools: Tool[]): boolean {
  const absent = tools.filter((t) => !has(t));
  if (!absent.length) return false;
  const how = absent.map((t) => `${t} (${PROBE[t][0].install})`).join(", ");
  if (process.env.MLBRANCH_REQUIRE_ALL_TOOLS === "1")
    throw new Error(`MLBRANCH_REQUIRE_ALL_TOOLS=1 but ${how} is not installed`);
  console.warn(`skipped: these tests need ${how}`);
  return true;
}

/**
 * Hook-enabled test env whose PATH has every program of the current PATH except `tool` (one
 * folder of symlinks per tool and process), to test what happens on a machine without it.
 */
export function withoutTool(tool: string): NodeJS.ProcessEnv {
  const dir = join(tmpdir(), `mlbranch-without-${tool}-${process.pid}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    for (const from of (process.env.PATH ?? "").split(delimiter)) {
      if (!from || !existsSync(from)) continue;
      for (const name of readdirSync(from)) {
        if (name === tool) continue;
        const link = join(dir, name);
        if (!existsSync(link)) {
          try {
            symlinkSync(join(from, name), link);
          } catch {
            // a name already linked from an earlier PATH entry wins, as PATH does
          }
        }
      }
    }
  }
  return hooksEnv({ PATH: dir });
}
