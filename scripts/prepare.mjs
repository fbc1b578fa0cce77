// npm's prepare and prepack step: build dist/ when it is missing or older than the sources.
// A git checkout has no dist/ (it is not committed): npm builds a git dependency through
// prepare, and the pre-commit framework installs a `language: node` hook repository with
// `npm install` (prepare) then `npm pack` (prepack, prepare), so each of those must end up with
// a built package, and the second and third builds would only cost time.
// Everything the build prints goes to stderr: the pre-commit framework (3.0.x) takes `npm pack`'s
// standard output as the tarball's name (.npmrc's foreground-scripts=false keeps npm's own
// "> mlbranch prepack" banners off it as well).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUILT = join(root, "dist", "bin", "mlbranch.js");
const SOURCES = ["src", "bin", "hooks", "merge-drivers", "scripts", "schema", "demo"];
const FILES = ["package.json", "tsconfig.json"];

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return path.endsWith(".generated.ts") ? 0 : s.mtimeMs;
  let m = 0;
  for (const f of readdirSync(path)) m = Math.max(m, newest(join(path, f)));
  return m;
}

function stale() {
  if (!existsSync(BUILT)) return "dist/ is not built";
  const built = statSync(BUILT).mtimeMs;
  const src = Math.max(
    ...[...SOURCES, ...FILES]
      .map((p) => join(root, p))
      .filter(existsSync)
      .map(newest),
  );
  return src > built ? "sources changed since the last build" : null;
}

// The install below runs this script again as its own prepare step: build once, at the top.
if (process.env.MLBRANCH_PREPARING === "1") process.exit(0);
const why = process.argv.includes("--force") ? "asked to" : stale();
if (!why) process.exit(0);
process.stderr.write(`mlbranch: building (${why})\n`);

// npm, as this script's parent ran it; a plain `npm` otherwise.
function npm(args, env = process.env) {
  const cli = process.env.npm_execpath;
  const opts = { cwd: root, stdio: ["ignore", 2, 2], env };
  const r = cli
    ? spawnSync(process.execPath, [cli, ...args], opts)
    : spawnSync("npm", args, { ...opts, shell: process.platform === "win32" });
  return r.status ?? 1;
}

// `npm install -g git+<url>` (how current pre-commit installs a node hook repository) prepares
// the clone with an `npm install` that inherits the global flag, so the build tools (dev
// dependencies) never land in it: install them here, into this folder.
function buildToolsMissing() {
  return ["typescript", "esbuild", "ajv"].some((p) => !existsSync(join(root, "node_modules", p)));
}
const env = { ...process.env, MLBRANCH_PREPARING: "1" };
for (const k of Object.keys(env))
  if (/^npm_config_(global|location|prefix|omit|production|only)$/i.test(k)) delete env[k];
if (buildToolsMissing()) {
  process.stderr.write("mlbranch: installing the build tools (dev dependencies) first\n");
  const code = npm(
    ["install", "--no-save", "--include=dev", "--global=false", "--no-audit", "--no-fund"],
    env,
  );
  if (code !== 0) process.exit(code);
}
process.exit(npm(["run", "build"], env));
