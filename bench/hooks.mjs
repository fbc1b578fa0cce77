// Hook overhead, each case against its baselines in one process run:
//   - git commit of 10 files on dev/*: no hooks, husky with an empty hook, the pre-commit
//     framework with one trivial hook, mlbranch;
//   - git commit of 10,000 appended CSVs on raw/* (with a Data-Source trailer): no hooks, the
//     pre-commit framework's trivial hook, mlbranch;
//   - git push of 1,000 new commits: no hooks, mlbranch (pre-push), and pushed --no-verify to a
//     bare repository with `mlbranch init --server` (pre-receive).
// BENCH_PUSH_ONLY=1 runs only the push rows; BENCH_CASES=small,raw,push picks rows (default: all).
// Variants take turns within each repetition. Every Node given runs the whole table (the hooks
// find `node` on PATH): BENCH_NODES=/path/to/node20:/path/to/node24 (default: this Node).
// Run with `npm run bench:hooks` (builds first). BENCH_REPS sets the repetitions (default 9).
// The pre-commit framework baseline needs `pre-commit` on PATH (Debian: apt-get install pre-commit).
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { installMlbranch, median, ROOT, timed } from "./lib.mjs";

const REPS = Number(process.env.BENCH_REPS ?? 9);
const NODES = (process.env.BENCH_NODES ?? process.execPath).split(delimiter).filter(Boolean);
const HAS_PRECOMMIT = spawnSync("pre-commit", ["--version"]).status === 0;

function envFor(node) {
  const env = {
    ...process.env,
    PATH: `${dirname(node)}${delimiter}${process.env.PATH}`,
    GIT_AUTHOR_NAME: "B",
    GIT_AUTHOR_EMAIL: "b@e",
    GIT_COMMITTER_NAME: "B",
    GIT_COMMITTER_EMAIL: "b@e",
    GIT_CONFIG_NOSYSTEM: "1",
  };
  for (const k of ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "HUSKY", "MLBRANCH_DEBUG"])
    delete env[k];
  return env;
}
let env = envFor(NODES[0]);

function run(cmd, args, cwd, input) {
  const r = spawnSync(cmd, args, { cwd, env, input, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Wall time (ms), peak RSS (KiB, the largest process of the tree) and stdout of one command. */
const measure = (args, cwd) => timed(args, cwd, env);

const PRECOMMIT_CONFIG = `repos:
  - repo: local
    hooks:
      - id: trivial
        name: trivial
        entry: "true"
        language: system
`;

/** A repository on `branch` with `files` files, set up for one variant. */
function makeRepo(variant, branch, files, csv) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-bench-")));
  run("git", ["init", "-q", "-b", "main"], dir);
  run("git", ["config", "commit.gpgSign", "false"], dir);
  run("git", ["config", "gc.auto", "0"], dir);
  writeFileSync(join(dir, "README.md"), "# bench\n");
  run("git", ["add", "-A"], dir);
  run("git", ["commit", "-q", "-m", "start"], dir);
  if (variant === "mlbranch") {
    installMlbranch(dir, env);
  } else if (variant === "husky") {
    run(process.execPath, [join(ROOT, "node_modules", "husky", "bin.js")], dir);
    writeFileSync(join(dir, ".husky", "pre-commit"), "true\n");
  } else if (variant === "pre-commit") {
    writeFileSync(join(dir, ".pre-commit-config.yaml"), PRECOMMIT_CONFIG);
    run("pre-commit", ["install", "-t", "pre-commit", "-t", "commit-msg"], dir);
  } else if (variant === "pre-commit install") {
    // As teams install it: `pre-commit install`, the pre-commit hook type only.
    writeFileSync(join(dir, ".pre-commit-config.yaml"), PRECOMMIT_CONFIG);
    run("pre-commit", ["install"], dir);
  }
  run("git", ["add", "-A"], dir);
  run("git", ["commit", "-q", "--no-verify", "--allow-empty", "-m", "setup"], dir);
  run("git", ["checkout", "-q", "-b", branch], dir);
  for (let i = 0; i < files; i++) {
    const p = csv ? join(dir, "data", `d${i % 100}`, `f${i}.csv`) : pyPath(dir, i);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, csv ? `id,v\n${i},0\n` : `x = ${i}\n`);
  }
  run("git", ["add", "-A"], dir);
  run(
    "git",
    ["commit", "-q", "--no-verify", "--allow-empty", "-m", "files\n\nData-Source: bench"],
    dir,
  );
  return dir;
}

const pyPath = (dir, i) => join(dir, "src", `d${i % 100}`, `f${i}.py`);

/** Commit `files` changes per repetition in each variant's repository, the variants in turns. */
function commitBench({ files, csv, branch, variants, node }) {
  const dirs = variants.map((v) => makeRepo(v, branch, files, csv));
  const times = variants.map(() => []);
  const mem = variants.map(() => []);
  // With `node`: its `node -e 0` takes a turn with the variants in every repetition, so a budget
  // in `node -e 0` terms drifts with the machine as the commits do.
  const starts = [];
  try {
    for (let rep = 0; rep < REPS; rep++) {
      if (node) starts.push(measure([node, "-e", "0"], ROOT).ms);
      dirs.forEach((dir, k) => {
        for (let i = 0; i < files; i++) {
          if (csv)
            appendFileSync(join(dir, "data", `d${i % 100}`, `f${i}.csv`), `${i},${rep + 1}\n`);
          else writeFileSync(pyPath(dir, i), `x = ${i + rep + 1}\n`);
        }
        run("git", ["add", "-A"], dir);
        const m = measure(
          ["git", "commit", "-q", "-m", `rep ${rep}\n\nData-Source: bench delivery ${rep}`],
          dir,
        );
        times[k].push(m.ms);
        mem[k].push(m.kb);
      });
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  return {
    ...Object.fromEntries(
      variants.map((v, k) => [v, { ms: median(times[k]), kb: Math.max(...mem[k]) }]),
    ),
    nodeStart: starts.length ? median(starts) : undefined,
  };
}

function pushBench(commits) {
  const dir = makeRepo("mlbranch", "dev/bench", 0, false);
  try {
    const lines = [];
    const head = run("git", ["rev-parse", "HEAD"], dir).trim();
    for (let i = 0; i < commits; i++) {
      const body = `y = ${i}\n`;
      const msg = `commit ${i}\n`;
      lines.push(
        "commit refs/heads/dev/bench",
        `committer B <b@e> ${1700000000 + i} +0000`,
        `data ${msg.length}`,
        msg,
      );
      if (i === 0) lines.push(`from ${head}`);
      lines.push(`M 100644 inline src/m${i % 50}.py`, `data ${body.length}`, body, "");
    }
    run("git", ["fast-import", "--quiet", "--force"], dir, `${lines.join("\n")}\n`);
    run("git", ["checkout", "-q", "-f", "dev/bench"], dir);
    const result = {};
    const times = { "no hooks": [], mlbranch: [], "pre-receive": [] };
    const mem = { "no hooks": [], mlbranch: [], "pre-receive": [] };
    for (let rep = 0; rep < Math.max(3, Math.ceil(REPS / 2)); rep++) {
      for (const variant of ["no hooks", "mlbranch", "pre-receive"]) {
        const bare = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-bench-bare-")));
        run("git", ["init", "-q", "--bare", bare], dir);
        spawnSync("git", ["remote", "remove", "origin"], { cwd: dir, env });
        run("git", ["remote", "add", "origin", bare], dir);
        run("git", ["push", "-q", "--no-verify", "origin", "main"], dir);
        if (variant === "pre-receive")
          run(
            process.execPath,
            [join(ROOT, "dist", "bin", "mlbranch.js"), "init", "--server", bare],
            dir,
          );
        const noVerify = variant === "mlbranch" ? [] : ["--no-verify"];
        const m = measure(["git", "push", "-q", ...noVerify, "origin", "dev/bench"], dir);
        times[variant].push(m.ms);
        mem[variant].push(m.kb);
        rmSync(bare, { recursive: true, force: true });
      }
    }
    for (const v of Object.keys(times))
      result[v] = { ms: median(times[v]), kb: Math.max(...mem[v]) };
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cell = (r) => (r ? `${r.ms.toFixed(0)} ms / ${(r.kb / 1024).toFixed(0)} MiB` : "-");

console.log(
  `Median of ${REPS} runs (push: of ${Math.max(3, Math.ceil(REPS / 2))}), the variants taking turns; wall time / peak RSS of the largest process; load average ${loadavg()[0].toFixed(1)} at the start; ${new Date().toISOString().slice(0, 10)}.${HAS_PRECOMMIT ? "" : " (pre-commit is not installed: its column is empty.)"}\n`,
);
console.log(
  "| node (`node -e 0`) | case | no hooks | husky, empty hook | pre-commit framework, trivial hook | mlbranch | mlbranch adds | target | met |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const node of NODES) {
  env = envFor(node);
  const version = run(node, ["--version"], ROOT).trim();
  const nodeStart = median(Array.from({ length: 9 }, () => measure([node, "-e", "0"], ROOT).ms));
  const who = `${version} (${nodeStart.toFixed(0)} ms)`;
  const pc = HAS_PRECOMMIT ? ["pre-commit"] : [];

  const cases = new Set(
    (process.env.BENCH_CASES ?? (process.env.BENCH_PUSH_ONLY ? "push" : "small,raw,push")).split(
      ",",
    ),
  );
  if (cases.has("small")) {
    const small = commitBench({
      files: 10,
      csv: false,
      branch: "dev/bench",
      variants: ["no hooks", "husky", ...pc, "mlbranch"],
      node,
    });
    const adds = small.mlbranch.ms - small["no hooks"].ms;
    const budget = small.nodeStart + 40;
    console.log(
      `| ${who} | commit, 10 files, dev/* | ${cell(small["no hooks"])} | ${cell(small.husky)} | ${cell(small["pre-commit"])} | ${cell(small.mlbranch)} | +${adds.toFixed(0)} ms | adds <= node -e 0 (in turn: ${small.nodeStart.toFixed(0)} ms) + 40 ms = ${budget.toFixed(0)} ms | ${adds <= budget ? "yes" : "no"} |`,
    );
  }
  if (cases.has("raw")) {
    const raw = commitBench({
      files: 10_000,
      csv: true,
      branch: "raw/bench",
      variants: ["no hooks", ...pc, ...(HAS_PRECOMMIT ? ["pre-commit install"] : []), "mlbranch"],
    });
    // Against both framework installs: with a commit-msg hook too (as mlbranch has), and as
    // teams usually install it (`pre-commit install`: the pre-commit hook only).
    for (const base of ["pre-commit", "pre-commit install"]) {
      const ratio = raw[base] ? raw.mlbranch.ms / raw[base].ms : Number.NaN;
      const how = base === "pre-commit" ? "pre-commit + commit-msg hooks" : "`pre-commit install`";
      console.log(
        `| ${who} | commit, 10,000 appended CSVs, raw/*, framework as ${how} | ${cell(raw["no hooks"])} | - | ${cell(raw[base])} | ${cell(raw.mlbranch)} | x${ratio.toFixed(2)} of the framework | <= 1.5x | ${ratio <= 1.5 ? "yes" : "no"} |`,
      );
    }
  }
  if (!cases.has("push")) continue;

  const push = pushBench(1000);
  const perCommit = (push.mlbranch.ms - push["no hooks"].ms) / 1000;
  console.log(
    `| ${who} | push, 1,000 new commits | ${cell(push["no hooks"])} | - | - | ${cell(push.mlbranch)} | +${perCommit.toFixed(2)} ms per commit | <= 0.3 ms per commit | ${perCommit <= 0.3 ? "yes" : "no"} |`,
  );
  // Issue 12: pre-receive no more than 10% slower than pre-push's figure for the same push.
  const server = push["pre-receive"].ms / push.mlbranch.ms;
  console.log(
    `| ${who} | push --no-verify, 1,000 new commits, server pre-receive | ${cell(push["no hooks"])} | - | - | ${cell(push["pre-receive"])} | x${server.toFixed(2)} of pre-push | <= 1.1x pre-push | ${server <= 1.1 ? "yes" : "no"} |`,
  );
}
