// Data at scale: appending 10,000 records to a large data file on raw/main, as a user does it
// (`git add`, `git commit` with a Data-Source trailer), with mlbranch's hooks against
// `git commit --no-verify`, beside the floors of reading the new file once (`cat` to /dev/null,
// `sha256sum`), all in one run; then the push of those commits to a bare repository with
// `mlbranch init --server` (pre-receive, the server's LFS store present) against the same push
// to a bare repository without hooks.
// BENCH_SCALE_GIB sets the sizes (default "1"; "1,10" adds the 10 GiB rows), BENCH_SCALE_PUSH=0
// leaves out the push (it is left out at 10 GiB and more: two remotes' LFS stores would need
// 60 GiB of disk; the local store then keeps only the last version, the one the next append is
// compared with), BENCH_REPS the
// repetitions (default 3), BENCH_CASES the rows (csv-git,jsonl-git,csv-lfs,jsonl-lfs, plus
// history: lineage / status / check --range at 100k commits and files, bench/scaleHistory.mjs;
// monitor: a 5M-record monitoring JSONL + 10,000 records with the monitor rule on,
// bench/scaleMonitor.mjs; sqlite: a 2M-row, ~210 MB SQLite database + 10,000 rows, git blob and
// Git LFS, bench/scaleSqlite.mjs; split: 1M-record train.jsonl + 10,000 appended with the split
// rule on, bench/scaleSplit.mjs, BENCH_SPLIT_BASELINE naming an older build to compare).
// The mlbranch commit and the hooked push run with MLBRANCH_DEBUG=1 (a few trace lines on stderr)
// so the table also gives the hooks' own time for the append check ("prove appends" phases) and
// pre-receive's run time, from their trace.
// Run with `npm run bench:scale` (builds first). Needs git-lfs for the LFS rows (Debian: git-lfs).
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { benchEnv, median, ROOT, runner, scaleRepo, timed } from "./lib.mjs";

const REPS = Number(process.env.BENCH_REPS ?? 3);
const SIZES = (process.env.BENCH_SCALE_GIB ?? "1").split(",").map(Number);
const CASES = (
  process.env.BENCH_CASES ?? "csv-git,jsonl-git,csv-lfs,jsonl-lfs,history,monitor,sqlite,split"
).split(",");
const HAS_LFS = spawnSync("git", ["lfs", "version"]).status === 0;
const PUSH = process.env.BENCH_SCALE_PUSH !== "0";
const GIB = 1024 ** 3;

const env = benchEnv();

const run = runner(env);

/** Wall time (ms), peak RSS (KiB, the largest process of the tree) and stdout of one command. */
const measure = (args, cwd) => timed(args, cwd, env);
// The same with MLBRANCH_DEBUG=1, for the hooks' own trace of where the time went.
const traced = (args, cwd) => timed(args, cwd, { ...env, MLBRANCH_DEBUG: "1" });

/**
 * From a hook's MLBRANCH_DEBUG trace: the time of its "prove appends" phases (the append check)
 * and the hook's own run time (its last trace line), in ms; a push's lines come as "remote: ".
 */
function hookTimes(stderr) {
  let prove = 0;
  let runs = 0;
  for (const line of stderr.split("\n")) {
    const m = /mlbranch:debug\s+([\d.]+) ms {2}(.*?)(?: \(([\d.]+) ms\))?\s*$/.exec(line);
    if (!m) continue;
    if (m[2].startsWith("prove appends")) prove += Number(m[3]);
    if (m[2] === "exit 0" || m[2].startsWith("exit ")) runs += Number(m[1]);
  }
  return { prove, runs };
}

const row = (format, i) =>
  format === "csv"
    ? `${i},user${i % 9973},${(i % 1000) / 8},2026-12-0${1 + (i % 9)}T10:00:00Z\n`
    : `{"id":${i},"user":"user${i % 9973}","amount":${(i % 1000) / 8},"ts":"2026-12-0${1 + (i % 9)}T10:00:00Z"}\n`;

/** A data file of about `bytes` bytes, written in 8 MiB blocks; returns the next record id. */
function writeBig(file, format, bytes) {
  const fd = openSync(file, "w");
  let id = 0;
  let written = 0;
  if (format === "csv") written += writeSync(fd, "id,user,amount,ts\n");
  while (written < bytes) {
    let block = "";
    while (block.length < 8 << 20) block += row(format, id++);
    written += writeSync(fd, block);
  }
  closeSync(fd);
  return id;
}

function delivery(format, from) {
  let s = "";
  for (let i = 0; i < 10_000; i++) s += row(format, from + i);
  return s;
}

/** Delete the local LFS store's objects except the one HEAD's `file` points at. */
function pruneLfs(dir, file) {
  const keep = /oid sha256:([0-9a-f]{64})/.exec(
    run("git", ["cat-file", "-p", `HEAD:${file}`], dir),
  )[1];
  const store = join(dir, ".git", "lfs", "objects");
  for (const a of readdirSync(store))
    for (const b of readdirSync(join(store, a)))
      for (const o of readdirSync(join(store, a, b)))
        if (o !== keep) rmSync(join(store, a, b, o), { force: true });
}

function oneCase(format, storage, gib) {
  const push = PUSH && gib < 10;
  // Git LFS first, as most teams have it before mlbranch (the installer chains its hooks); a
  // team that keeps big files in git raises raw's limit (default 10 MiB, then Git LFS).
  const dir = scaleRepo("mlbranch-scale-", env, {
    lfs: storage === "lfs" ? `data/*.${format}` : undefined,
    types: storage === "git" ? { raw: { maxFileSize: "64 GiB" } } : {},
  });
  const bares = [];
  try {
    for (const hooked of push ? [false, true] : []) {
      const bare = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-scale-bare-")));
      run("git", ["init", "-q", "--bare", bare], dir);
      if (hooked)
        run(
          process.execPath,
          [join(ROOT, "dist", "bin", "mlbranch.js"), "init", "--server", bare],
          dir,
        );
      bares.push(bare);
      run("git", ["remote", "add", hooked ? "hooked" : "plain", bare], dir);
      run("git", ["push", "-q", "--no-verify", hooked ? "hooked" : "plain", "main"], dir);
    }
    run("git", ["checkout", "-q", "-b", "raw/main"], dir);
    mkdirSync(join(dir, "data"));
    const file = join(dir, "data", `d.${format}`);
    let next = writeBig(file, format, gib * GIB);
    run("git", ["add", "-A"], dir);
    run("git", ["commit", "-q", "--no-verify", "-m", "first delivery\n\nData-Source: bench"], dir);
    // LFS objects go up first (git-lfs's pre-push does it; --no-verify skips that hook too).
    const lfsPush = (remote) => {
      if (storage === "lfs") run("git", ["lfs", "push", remote, "raw/main"], dir);
    };
    for (const remote of push ? ["plain", "hooked"] : []) {
      lfsPush(remote);
      run("git", ["push", "-q", "--no-verify", remote, "raw/main"], dir);
    }
    const prune = () => {
      if (!push && storage === "lfs") pruneLfs(dir, `data/d.${format}`);
    };
    prune();
    const t = { mlbranch: [], "--no-verify": [], cat: [], sha256sum: [] };
    const kb = { mlbranch: [], "--no-verify": [] };
    const check = [];
    for (let rep = 0; rep < REPS; rep++) {
      for (const variant of ["mlbranch", "--no-verify"]) {
        appendFileSync(file, delivery(format, next));
        next += 10_000;
        run("git", ["add", "-A"], dir);
        const flags = variant === "mlbranch" ? [] : ["--no-verify"];
        const m = (variant === "mlbranch" ? traced : measure)(
          ["git", "commit", "-q", ...flags, "-m", `delivery ${next}\n\nData-Source: bench`],
          dir,
        );
        if (variant === "mlbranch") check.push(hookTimes(m.stderr).prove);
        t[variant].push(m.ms);
        kb[variant].push(m.kb);
        prune();
      }
      t.cat.push(measure(["sh", "-c", `cat "$0" >/dev/null`, file], dir).ms);
      t.sha256sum.push(measure(["sha256sum", file], dir).ms);
    }
    // The server: the same commits pushed, judged by pre-receive (its LFS store present).
    const pushed = {};
    for (const remote of push ? ["plain", "hooked"] : []) {
      lfsPush(remote);
      pushed[remote] = (remote === "hooked" ? traced : measure)(
        ["git", "push", "-q", "--no-verify", remote, "raw/main"],
        dir,
      );
    }
    return {
      case: `${format}, ${storage === "lfs" ? "Git LFS" : "git blob"}, ${gib} GiB`,
      mlbranch: median(t.mlbranch),
      noVerify: median(t["--no-verify"]),
      cat: median(t.cat),
      sha: median(t.sha256sum),
      kb: Math.max(...kb.mlbranch),
      kbNoVerify: Math.max(...kb["--no-verify"]),
      check: median(check),
      push: push ? pushed : null,
      receive: push ? hookTimes(pushed.hooked.stderr) : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const b of bares) rmSync(b, { recursive: true, force: true });
  }
}

const nodeStart = median(
  [0, 1, 2, 3, 4].map(() => measure([process.execPath, "-e", "0"], ROOT).ms),
);
console.log(
  `Node ${process.version}, node -e 0 ${nodeStart.toFixed(0)} ms, load ${loadavg()[0].toFixed(2)}, ${REPS} repetitions (medians)\n`,
);
const FILE_CASES = CASES.filter((x) => x.includes("-") && !x.startsWith("sqlite"));
if (FILE_CASES.length) {
  console.log(
    "| append 10,000 records to | commit, mlbranch | commit --no-verify | cat (floor) | sha256sum (floor) | mlbranch / sha256sum | append check (hook's trace) | peak RSS, mlbranch commit | push: pre-receive / no hook | pre-receive hook (its append check) |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
}
for (const gib of SIZES)
  for (const c of FILE_CASES) {
    const [format, storage] = c.split("-");
    if (storage === "lfs" && !HAS_LFS) {
      console.log(`| ${format}, Git LFS | skipped: git-lfs is not installed | | | | | | | | |`);
      continue;
    }
    const r = oneCase(format, storage, gib);
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `| ${r.case} | ${s(r.mlbranch)} | ${s(r.noVerify)} | ${s(r.cat)} | ${s(r.sha)} | x${(r.mlbranch / r.sha).toFixed(2)} | ${s(r.check)} | ${(r.kb / 1024).toFixed(0)} MiB (--no-verify ${(r.kbNoVerify / 1024).toFixed(0)}) | ${r.push ? `${s(r.push.hooked.ms)} / ${s(r.push.plain.ms)} (${(r.push.hooked.kb / 1024).toFixed(0)} MiB) | ${s(r.receive.runs)} (${s(r.receive.prove)})` : "not run | not run"} |`,
    );
  }
if (CASES.includes("history")) {
  const { historyRows } = await import("./scaleHistory.mjs");
  console.log("");
  for (const line of historyRows(REPS)) console.log(line);
}
if (CASES.includes("monitor")) {
  const { monitorRows } = await import("./scaleMonitor.mjs");
  console.log("");
  for (const line of monitorRows(REPS)) console.log(line);
}
if (CASES.includes("sqlite")) {
  const { sqliteRows } = await import("./scaleSqlite.mjs");
  console.log("");
  for (const line of sqliteRows(REPS)) console.log(line);
}
if (CASES.includes("split")) {
  const { splitRows } = await import("./scaleSplit.mjs");
  console.log("");
  for (const line of splitRows(REPS)) console.log(line);
}
