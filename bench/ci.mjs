// The pull-request check against pre-receive on the same push, in one process run.
// A 1,000-commit pull request, two cases:
//   - data: raw/batch (each commit appends a record to data/d.csv, with a Data-Source trailer)
//     into raw/main;
//   - code: dev/big (each commit edits a .py file) into stable/m.
// The PR check: `mlbranch check --ci github` as the workflow runs it, in a whole clone with the
// test merge refs/pull/1/merge checked out and the origin reachable (it fetches first), judging
// the merge under the base's type and the head's 1,000 commits under the head's type.
// Baselines, on a bare repository with `mlbranch init --server` that already has the objects:
// its pre-receive hook fed the same ref updates (the merge onto the base, and the head as a new
// branch: one push), and fed the merge alone; `node -e 0` for scale.
// Run with `npm run bench:ci` (builds first). BENCH_REPS sets the repetitions (default 5),
// BENCH_COMMITS the pull request's size (default 1000), BENCH_CASES the rows (data,code), and
// BENCH_DEBUG=1 prints one MLBRANCH_DEBUG trace of each side first.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { benchEnv, median, ROOT, timed } from "./lib.mjs";

const CLI = join(ROOT, "dist", "bin", "mlbranch.js");
const REPS = Number(process.env.BENCH_REPS ?? 5);
const COMMITS = Number(process.env.BENCH_COMMITS ?? 1000);
const ZERO = "0".repeat(40);

const env = benchEnv({ HUSKY: "0" });

function run(cmd, args, cwd, input, extra = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...env, ...extra },
    input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/** One command timed with the bench environment (plus `extra`); see lib.mjs timed(). */
const measure = (args, cwd, { input, extra = {}, ok = [0] } = {}) =>
  timed(args, cwd, { ...env, ...extra }, { input, ok });

const tmp = (tag) => realpathSync(mkdtempSync(join(tmpdir(), `mlbranch-bench-${tag}-`)));

/** The developer's repository: main, raw/main (one delivery), stable/m, and the PR's head. */
function setup(kind) {
  const w = tmp("ci");
  run("git", ["init", "-q", "-b", "main"], w);
  run("git", ["config", "gc.auto", "0"], w);
  writeFileSync(join(w, "README.md"), "# bench\n");
  run("git", ["add", "-A"], w);
  run("git", ["commit", "-q", "-m", "start"], w);
  run("git", ["checkout", "-q", "-b", "raw/main"], w);
  mkdirSync(join(w, "data"));
  writeFileSync(join(w, "data", "d.csv"), "id,v\n0,0\n");
  run("git", ["add", "-A"], w);
  run("git", ["commit", "-q", "-m", "delivery\n\nData-Source: s3://bench/0.csv"], w);
  run("git", ["branch", "stable/m", "main"], w);
  const [base, head] = kind === "data" ? ["raw/main", "raw/batch"] : ["stable/m", "dev/big"];
  const from = run("git", ["rev-parse", kind === "data" ? "raw/main" : "main"], w);
  const lines = [];
  let csv = "id,v\n0,0\n";
  for (let i = 1; i <= COMMITS; i++) {
    const msg =
      kind === "data" ? `delivery ${i}\n\nData-Source: s3://bench/${i}.csv\n` : `code ${i}\n`;
    lines.push(
      `commit refs/heads/${head}`,
      `committer B <b@e> ${1700000000 + i} +0000`,
      `data ${Buffer.byteLength(msg)}`,
      msg,
    );
    if (i === 1) lines.push(`from ${from}`);
    if (kind === "data") {
      csv += `${i},${i * 7}\n`;
      lines.push("M 100644 inline data/d.csv", `data ${Buffer.byteLength(csv)}`, csv, "");
    } else {
      const body = `y = ${i}\n`;
      lines.push(`M 100644 inline src/m${i % 50}.py`, `data ${body.length}`, body, "");
    }
  }
  run("git", ["fast-import", "--quiet"], w, `${lines.join("\n")}\n`);
  run("git", ["checkout", "-q", "--detach", base], w);
  run("git", ["merge", "-q", "--no-ff", "--no-edit", head], w);
  const shas = {
    base: run("git", ["rev-parse", base], w),
    head: run("git", ["rev-parse", head], w),
    merge: run("git", ["rev-parse", "HEAD"], w),
  };
  return { w, base, head, shas };
}

/** The host (no hooks), and the workflow's whole clone with the test merge checked out. */
function ciClone(s) {
  const origin = tmp("origin");
  run("git", ["init", "-q", "--bare", origin], s.w);
  run("git", ["push", "-q", origin, "main", "raw/main", "stable/m", s.head], s.w);
  run("git", ["push", "-q", origin, `${s.shas.merge}:refs/pull/1/merge`], s.w);
  const ci = tmp("clone");
  run("git", ["init", "-q"], ci);
  run("git", ["remote", "add", "origin", origin], ci);
  run("git", ["fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*"], ci);
  run("git", ["fetch", "-q", "origin", "+refs/pull/1/merge:refs/remotes/pull/1/merge"], ci);
  run("git", ["checkout", "-q", "--force", "refs/remotes/pull/1/merge"], ci);
  const nm = join(ci, "node_modules");
  mkdirSync(join(nm, ".bin"), { recursive: true });
  symlinkSync(ROOT, join(nm, "mlbranch"), "dir");
  symlinkSync("../mlbranch/dist/bin/mlbranch.js", join(nm, ".bin", "mlbranch"));
  chmodSync(CLI, 0o755);
  const event = join(tmp("runner"), "event.json");
  writeFileSync(
    event,
    JSON.stringify({
      number: 1,
      pull_request: {
        number: 1,
        base: { ref: s.base, sha: s.shas.base },
        head: { ref: s.head, sha: s.shas.head },
      },
      repository: { default_branch: "main" },
    }),
  );
  return { origin, ci, event };
}

/** A server with mlbranch's pre-receive that has every object of the push, its refs before it. */
function server(s, withHead) {
  const bare = tmp("server");
  run("git", ["init", "-q", "--bare", bare], s.w);
  run(
    "git",
    ["push", "-q", bare, "main", "raw/main", "stable/m", ...(withHead ? [s.head] : [])],
    s.w,
  );
  run("git", ["push", "-q", bare, `${s.shas.merge}:refs/objects/merge`], s.w);
  run("git", ["update-ref", "-d", "refs/objects/merge"], bare);
  run(process.execPath, [CLI, "init", "--server", bare], s.w);
  return bare;
}

const cell = (r) => `${r.ms.toFixed(0)} ms / ${(r.kb / 1024).toFixed(0)} MiB`;

console.log(
  `${process.version}; node -e 0: ${median(Array.from({ length: 5 }, () => measure([process.execPath, "-e", "0"], ROOT).ms)).toFixed(0)} ms; median of ${REPS} runs, the variants taking turns; wall time / peak RSS of the largest process; load average ${loadavg()[0].toFixed(1)} at the start; ${new Date().toISOString().slice(0, 10)}.\n`,
);
console.log(
  "| case | PR check (`check --ci github`) | pre-receive, same ref updates (merge + head branch) | pre-receive, the merge alone | PR check / pre-receive same push | target | met |",
);
console.log("|---|---|---|---|---|---|---|");
for (const kind of (process.env.BENCH_CASES ?? "data,code").split(",")) {
  const s = setup(kind);
  const c = ciClone(s);
  const bare = server(s, false);
  // The merge alone: the head was pushed before (as it is when a pull request is opened).
  const bare2 = server(s, true);
  const hook = join(bare, "hooks", "pre-receive");
  const both = `${s.shas.base} ${s.shas.merge} refs/heads/${s.base}\n${ZERO} ${s.shas.head} refs/heads/${s.head}\n`;
  const alone = `${s.shas.base} ${s.shas.merge} refs/heads/${s.base}\n`;
  const times = { pr: [], both: [], alone: [] };
  const mem = { pr: [], both: [], alone: [] };
  try {
    if (process.env.BENCH_DEBUG) {
      const dbg = { MLBRANCH_DEBUG: "1", GIT_DIR: bare };
      const pre = spawnSync(hook, [], {
        cwd: bare,
        env: { ...env, ...dbg },
        input: both,
        encoding: "utf8",
      });
      const ci = spawnSync(process.execPath, [CLI, "check", "--ci", "github"], {
        cwd: c.ci,
        env: {
          ...env,
          MLBRANCH_DEBUG: "1",
          GITHUB_EVENT_NAME: "pull_request",
          GITHUB_EVENT_PATH: c.event,
          GITHUB_SHA: s.shas.merge,
        },
        encoding: "utf8",
      });
      console.error(`--- pre-receive\n${pre.stderr}\n--- check --ci\n${ci.stderr}`);
    }
    for (let rep = 0; rep < REPS; rep++) {
      const pr = measure([process.execPath, CLI, "check", "--ci", "github"], c.ci, {
        extra: {
          GITHUB_EVENT_NAME: "pull_request",
          GITHUB_EVENT_PATH: c.event,
          GITHUB_SHA: s.shas.merge,
        },
      });
      const b = measure([hook], bare, { input: both, extra: { GIT_DIR: bare } });
      const a = measure([join(bare2, "hooks", "pre-receive")], bare2, {
        input: alone,
        extra: { GIT_DIR: bare2 },
      });
      for (const [k, m] of [
        ["pr", pr],
        ["both", b],
        ["alone", a],
      ]) {
        times[k].push(m.ms);
        mem[k].push(m.kb);
      }
    }
  } finally {
    for (const d of [s.w, c.origin, c.ci, dirname(c.event), bare, bare2])
      rmSync(d, { recursive: true, force: true });
  }
  const r = Object.fromEntries(
    Object.keys(times).map((k) => [k, { ms: median(times[k]), kb: Math.max(...mem[k]) }]),
  );
  const ratio = r.pr.ms / r.both.ms;
  const label =
    kind === "data"
      ? `${COMMITS}-commit PR raw/batch -> raw/main (appends, trailers)`
      : `${COMMITS}-commit PR dev/big -> stable/m (code)`;
  console.log(
    `| ${label} | ${cell(r.pr)} | ${cell(r.both)} | ${cell(r.alone)} | ${ratio.toFixed(2)}x | <= 1.1x | ${ratio <= 1.1 ? "yes" : "no"} |`,
  );
}
