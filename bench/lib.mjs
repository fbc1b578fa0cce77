// What every benchmark shares: the package root, a clean git environment, the median.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's root folder (bench/..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The environment for the git commands a benchmark runs: a fixed identity, no system config,
 * none of the caller's repository variables or debug tracing; `extra` on top.
 */
export function benchEnv(extra = {}) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "B",
    GIT_AUTHOR_EMAIL: "b@e",
    GIT_COMMITTER_NAME: "B",
    GIT_COMMITTER_EMAIL: "b@e",
    GIT_CONFIG_NOSYSTEM: "1",
    ...extra,
  };
  for (const k of ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "HUSKY", "MLBRANCH_DEBUG"])
    if (!(k in extra)) delete env[k];
  return env;
}

/** The middle value (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Run one command under /usr/bin/time: wall time (ms), peak RSS (KiB, the largest process of its
 * tree), its stdout and its stderr (without time's line). Throws when it exits with a status not in `ok`.
 */
export function timed(args, cwd, env, { input, ok = [0] } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", ...args], {
    cwd,
    env,
    input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!ok.includes(r.status)) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const err = r.stderr.trim().split("\n");
  return { ms, kb: Number(err.pop()), stdout: r.stdout, stderr: err.join("\n") };
}

/**
 * Make `dir` look like `npm install mlbranch` ran there (node_modules/mlbranch links to this
 * checkout, or to `root`, another build; its bins in node_modules/.bin), then run that build's
 * install-ml-hooks in it with the bench's env.
 */
export function installMlbranch(dir, env, root = ROOT) {
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  symlinkSync(root, join(dir, "node_modules", "mlbranch"), "dir");
  for (const f of ["mlbranch", "mlbranch-hook", "install-ml-hooks"]) {
    symlinkSync(`../mlbranch/dist/bin/${f}.js`, join(dir, "node_modules", ".bin", f));
    if (root === ROOT) chmodSync(join(ROOT, "dist", "bin", `${f}.js`), 0o755);
  }
  const r = spawnSync(process.execPath, [join(root, "dist", "bin", "install-ml-hooks.js")], {
    cwd: dir,
    env,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`install-ml-hooks in ${dir}: ${r.stderr}`);
}

/** A `run(cmd, args, cwd, input)` with `env` that returns stdout and throws with stderr on failure. */
export function runner(env) {
  return (cmd, args, cwd, input) => {
    const r = spawnSync(cmd, args, { cwd, env, input, encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
}

/**
 * A temporary repository for a data-at-scale case, committed as "setup" on main: Git LFS tracking
 * `lfs` first when given (as most teams have it before mlbranch), mlbranch installed (from `root`,
 * default this checkout), and `types` merged key by key into its mlbranch.json (e.g. a raised
 * maxFileSize for big files kept in git). Returns the folder (the caller removes it).
 */
export function scaleRepo(prefix, env, { lfs, types = {}, root = ROOT } = {}) {
  const run = runner(env);
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  run("git", ["init", "-q", "-b", "main"], dir);
  run("git", ["config", "commit.gpgSign", "false"], dir);
  run("git", ["config", "gc.auto", "0"], dir);
  writeFileSync(join(dir, "README.md"), "# scale\n");
  if (lfs) {
    run("git", ["lfs", "install", "--local"], dir);
    run("git", ["lfs", "track", lfs], dir);
  }
  installMlbranch(dir, env, root);
  if (Object.keys(types).length) {
    const cfgFile = join(dir, "mlbranch.json");
    const cfg = JSON.parse(readFileSync(cfgFile, "utf8"));
    for (const [name, over] of Object.entries(types))
      cfg.types = { ...cfg.types, [name]: { ...cfg.types?.[name], ...over } };
    writeFileSync(cfgFile, JSON.stringify(cfg, null, 2));
  }
  run("git", ["add", "-A"], dir);
  run("git", ["commit", "-q", "--no-verify", "-m", "setup"], dir);
  return dir;
}
