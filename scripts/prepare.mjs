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
    ...[...SOURCES, ...FILES].map((p) => join(root, p)).filter(existsSync).map(newest),
  );
  return src > built ? "sources changed since the last build" : null;
}

const why = process.argv.includes("--force") ? "asked to" : stale();
if (!why) process.exit(0);
process.stderr.write(`mlbranch: building (${why})\n`);
const npm = process.env.npm_execpath;
const r = npm
  ? spawnSync(process.execPath, [npm, "run", "build"], { cwd: root, stdio: ["ignore", 2, 2] })
  : spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", 2, 2], shell: true });
process.exit(r.status ?? 1);
