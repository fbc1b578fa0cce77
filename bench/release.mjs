// A client pulling its release: `mlbranch release acme --latest` against the baseline a client
// has without it, a full `git clone --branch acme-1` of the same repository (every branch's
// objects, then the tag checked out with its LFS model), both from git daemon on 127.0.0.1, in
// one run. The repository's other branches (raw/main, split/main) hold BENCH_RELEASE_MB of data
// (default 1024: ~1 GB) in git; stable/model holds a model in Git LFS (BENCH_RELEASE_MODEL_MB,
// default 64), its card, its inference code and its training data. Bytes fetched are the
// client's object and LFS stores after the fetch (du of .git/objects and .git/lfs/objects; for
// mlbranch, the same measured in its temporary clone, reported by --json).
// Run with `npm run bench:release` (builds first); BENCH_RELEASE_MB=64 for a quick run.
// Needs git-lfs and git daemon (Debian: git-lfs, git).

import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { benchEnv, ROOT, timed } from "./lib.mjs";

const CLI = join(ROOT, "dist", "bin", "mlbranch.js");
const MIB = 1024 * 1024;
const DATA_MB = Number(process.env.BENCH_RELEASE_MB ?? 1024);
const MODEL_MB = Number(process.env.BENCH_RELEASE_MODEL_MB ?? 64);
const FILE_MB = 8;

const env = benchEnv({ HUSKY: "0" });

function run(cmd, args, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Wall time (ms), peak RSS (KiB, the largest process of the tree) and stdout of one command. */
const measure = (args, cwd) => timed(args, cwd, env);

function du(dir) {
  let total = 0;
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? du(p) : e.isFile() ? statSync(p).size : 0;
  }
  return total;
}

// Data as CSV-ish text (random base64 lines: compresses about as real data does, ~0.75).
const dataFile = (mb) => {
  const raw = randomBytes(Math.ceil((mb * MIB * 3) / 4));
  return Buffer.from(raw.toString("base64").replace(/(.{76})/g, "$1\n"));
};

/** Feed git fast-import (a commit per branch), writing with backpressure. */
async function fastImport(repo, write) {
  const child = spawn("git", ["-c", "core.compression=1", "fast-import", "--quiet"], {
    cwd: repo,
    env,
    stdio: ["pipe", "inherit", "inherit"],
  });
  const put = (chunk) =>
    new Promise((ok) => (child.stdin.write(chunk) ? ok() : child.stdin.once("drain", ok)));
  await write(put);
  child.stdin.end();
  const code = await new Promise((ok) => child.on("close", ok));
  if (code !== 0) throw new Error(`fast-import exited ${code}`);
}

async function buildRepo(repo) {
  run("git", ["init", "-q", "-b", "main", repo], tmpdir());
  const model = randomBytes(MODEL_MB * MIB);
  const oid = createHash("sha256").update(model).digest("hex");
  const store = join(repo, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4));
  mkdirSync(store, { recursive: true });
  writeFileSync(join(store, oid), model);
  const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${model.length}\n`;
  let mark = 0;
  let t = 1_700_000_000;
  await fastImport(repo, async (put) => {
    const blob = async (bytes) => {
      mark += 1;
      await put(`blob\nmark :${mark}\ndata ${bytes.length}\n`);
      await put(bytes);
      await put("\n");
      return mark;
    };
    const commit = async (branch, msg, files, from) => {
      const marks = [];
      for (const [path, bytes] of files) marks.push([path, await blob(bytes)]);
      t += 60;
      await put(
        `commit refs/heads/${branch}\ncommitter B <b@e> ${t} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`,
      );
      if (from) await put(`from ${from}\n`);
      for (const [path, m] of marks) await put(`M 100644 :${m} ${path}\n`);
      await put("\n");
    };
    await commit("main", "the problem", [
      ["README.md", Buffer.from("# model\n")],
      [".gitattributes", Buffer.from("*.bin filter=lfs diff=lfs merge=lfs -text\n")],
    ]);
    const n = Math.max(1, Math.round(DATA_MB / FILE_MB));
    const rawN = Math.ceil(n * 0.75);
    const raw = [];
    for (let i = 0; i < rawN; i++) raw.push([`data/raw-${i}.csv`, dataFile(FILE_MB)]);
    await commit("raw/main", "deliveries\n\nData-Source: bench", raw, "refs/heads/main");
    raw.length = 0;
    const split = [];
    for (let i = 0; i < n - rawN; i++) split.push([`data/train-${i}.csv`, dataFile(FILE_MB)]);
    await commit("split/main", "split\n\nDerived-From: raw/main@0000000", split, "refs/heads/main");
    await commit(
      "stable/model",
      "training run\n\nDerived-From: split/main@0000000",
      [
        ["data/train.csv", dataFile(Math.max(1, Math.round(DATA_MB / 20)))],
        ["models/model.bin", Buffer.from(pointer)],
        ["models/MODEL_CARD.md", Buffer.from("# acme model\n\nTrained on split/main.\n")],
        ["inference/predict.py", Buffer.from("import sys\nprint('predict', sys.argv[1:])\n")],
        ["requirements.txt", Buffer.from("numpy\n")],
      ],
      "refs/heads/main",
    );
  });
  // The release tag as mlbranch makes it: a tracking record, then `mlbranch tag`.
  run("git", ["checkout", "-q", "stable/model"], repo, { GIT_LFS_SKIP_SMUDGE: "1" });
  run(process.execPath, [CLI, "track", "--metrics", '{"acc":0.93}', "--tag", "acme-1"], repo);
  run("git", ["commit", "-q", "--no-verify", "-m", "track acme-1"], repo);
  run(process.execPath, [CLI, "tag", "--prefix", "acme"], repo);
  run("git", ["checkout", "-q", "main"], repo);
  run("git", ["config", "uploadpack.allowFilter", "true"], repo);
  return { model: oid };
}

function freePort() {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.once("error", ko);
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });
}

const fmt = (n) =>
  n >= 1024 * MIB
    ? `${(n / 1024 / MIB).toFixed(2)} GiB`
    : n >= MIB
      ? `${(n / MIB).toFixed(1)} MiB`
      : `${(n / 1024).toFixed(1)} KiB`;

const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-bench-release-")));
let daemon;
try {
  const t0 = Date.now();
  const { model } = await buildRepo(join(dir, "model"));
  const repoBytes = du(join(dir, "model", ".git", "objects"));
  process.stderr.write(
    `built the repository (${fmt(repoBytes)} of git objects) in ${Date.now() - t0} ms\n`,
  );
  const port = await freePort();
  daemon = spawn(
    "git",
    [
      "daemon",
      "--reuseaddr",
      "--listen=127.0.0.1",
      `--port=${port}`,
      `--base-path=${dir}`,
      "--export-all",
      dir,
    ],
    { env, stdio: "ignore" },
  );
  const url = `git://127.0.0.1:${port}/model`;
  for (let i = 0; i < 100 && spawnSync("git", ["ls-remote", url], { env }).status !== 0; i++)
    spawnSync("sleep", ["0.1"]);
  // git daemon has no LFS API: both read the LFS objects from the repository's store (file://).
  const lfsUrl = `file://${join(dir, "model")}`;
  const nodeStart = [0, 1, 2, 3, 4]
    .map(() => measure([process.execPath, "-e", "0"], dir).ms)
    .sort((a, b) => a - b)[2];

  const base = measure(
    [
      "git",
      "-c",
      "filter.lfs.process=git-lfs filter-process",
      "-c",
      "filter.lfs.required=true",
      "clone",
      "-q",
      "-c",
      `lfs.url=${lfsUrl}`,
      "--branch",
      "acme-1",
      url,
      join(dir, "clone"),
    ],
    dir,
  );
  const baseGit = du(join(dir, "clone", ".git", "objects"));
  const baseLfs = du(join(dir, "clone", ".git", "lfs", "objects"));
  const ours = measure(
    [
      process.execPath,
      CLI,
      "release",
      "acme",
      "--latest",
      "--from",
      url,
      "--lfs-url",
      lfsUrl,
      "--into",
      join(dir, "delivered"),
      "--json",
    ],
    dir,
  );
  const d = JSON.parse(ours.stdout);
  const delivered = d.files.reduce((s, f) => s + f.size, 0);
  const got = createHash("sha256")
    .update(readFileSync(join(dir, "delivered", "models", "model.bin")))
    .digest("hex");
  if (got !== model) throw new Error("the delivered model is not the tagged one");
  const oursBytes = d.fetched.git + d.fetched.lfs;
  const baseBytes = baseGit + baseLfs;
  console.log(
    `Node ${process.version}, node -e 0 ${nodeStart.toFixed(0)} ms, load ${loadavg()[0].toFixed(2)}; repository: ${DATA_MB} MB of data on raw/main and split/main (${fmt(repoBytes)} of git objects), stable/model with ${MODEL_MB} MiB model in LFS; one run each, git daemon on 127.0.0.1\n`,
  );
  console.log(
    "| client gets acme-1 | wall time | peak RSS | git objects fetched | LFS objects fetched | fetched / delivered | within 2x |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---|");
  console.log(
    `| baseline: git clone --branch acme-1 | ${(base.ms / 1000).toFixed(1)} s | ${(base.kb / 1024).toFixed(0)} MiB | ${fmt(baseGit)} | ${fmt(baseLfs)} | ${(baseBytes / delivered).toFixed(2)}x | ${baseBytes <= 2 * delivered ? "yes" : "no"} |`,
  );
  console.log(
    `| mlbranch release acme --latest | ${(ours.ms / 1000).toFixed(1)} s | ${(ours.kb / 1024).toFixed(0)} MiB | ${fmt(d.fetched.git)} | ${fmt(d.fetched.lfs)} | ${(oursBytes / delivered).toFixed(2)}x | ${oursBytes <= 2 * delivered ? "yes" : "NO"} |`,
  );
  console.log(
    `| ratio mlbranch / baseline | ${(ours.ms / base.ms).toFixed(2)}x | ${(ours.kb / base.kb).toFixed(2)}x | ${(d.fetched.git / baseGit).toFixed(4)}x | ${(d.fetched.lfs / Math.max(1, baseLfs)).toFixed(2)}x | | |`,
  );
  console.log(
    `\nDelivered ${d.files.length} files, ${fmt(delivered)} (${d.files.map((f) => f.path).join(", ")}), each verified.`,
  );
  if (oursBytes > 2 * delivered) process.exitCode = 1;
} finally {
  daemon?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
