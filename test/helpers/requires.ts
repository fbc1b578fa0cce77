import { spawnSync } from "node:child_process";

/** The optional tools some tests need; CI installs them all. */
export type Tool = "git-lfs" | "sqldiff" | "chromium" | "pre-commit";

const PROBE: Record<Tool, { cmd: string; args: string[]; install: string }[]> = {
  "git-lfs": [{ cmd: "git", args: ["lfs", "version"], install: "apt-get install git-lfs" }],
  sqldiff: [{ cmd: "sqldiff", args: ["--help"], install: "apt-get install sqlite3-tools" }],
  chromium: [
    { cmd: "chromium", args: ["--version"], install: "apt-get install chromium" },
    { cmd: "chromium-browser", args: ["--version"], install: "apt-get install chromium" },
  ],
  "pre-commit": [{ cmd: "pre-commit", args: ["--version"], install: "apt-get install pre-commit" }],
};

const known = new Map<Tool, boolean>();

/** True when `tool` runs on this machine (probed once per test file). */
export function has(tool: Tool): boolean {
  let ok = known.get(tool);
  if (ok === undefined) {
    ok = PROBE[tool].some((p) => {
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
