// Hook overhead: `git commit` with mlbranch's hooks vs no hooks vs husky running an empty hook
// (10 and 10,000 changed files), and pre-push and pre-receive of 1,000 new commits. Prints a
// markdown table.
// Run with `npm run bench:hooks` (builds first). BENCH_REPS sets the repetitions (default 9).
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
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPS = Number(process.env.BENCH_REPS ?? 9);
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "B",
  GIT_AUTHOR_EMAIL: "b@e",
  GIT_COMMITTER_NAME: "B",
  GIT_COMMITTER_EMAIL: "b@e",
  GIT_CONFIG_NOSYSTEM: "1",
};
for (const k of ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "HUSKY"]) delete env[k];

function run(cmd, args, cwd, input) {
  const r = spawnSync(cmd, args, { cwd, env, input, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Wall time (ms) and peak RSS (KiB, largest process of the tree) of one command. */
function measure(args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", ...args], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  const kb = Number(r.stderr.trim().split("\n").pop());
  return { ms, kb };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function makeRepo(files, variant) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `mlbranch-bench-${variant}-`)));
  run("git", ["init", "-q", "-b", "main"], dir);
  run("git", ["config", "commit.gpgSign", "false"], dir);
  run("git", ["config", "gc.auto", "0"], dir);
  writeFileSync(join(dir, "README.md"), "# bench\n");
  run("git", ["add", "-A"], dir);
  run("git", ["commit", "-q", "-m", "start"], dir);
  if (variant === "mlbranch") {
    mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
    symlinkSync(ROOT, join(dir, "node_modules", "mlbranch"), "dir");
    for (const f of ["mlbranch", "mlbranch-hook", "install-ml-hooks"]) {
      symlinkSync(`../mlbranch/dist/bin/${f}.js`, join(dir, "node_modules", ".bin", f));
      chmodSync(join(ROOT, "dist", "bin", `${f}.js`), 0o755);
    }
    run(process.execPath, [join(ROOT, "dist", "bin", "install-ml-hooks.js")], dir);
  } else if (variant === "husky-empty") {
    run(process.execPath, [join(ROOT, "node_modules", "husky", "bin.js")], dir);
    writeFileSync(join(dir, ".husky", "pre-commit"), "true\n");
  }
  run("git", ["add", "-A"], dir);
  run("git", ["commit", "-q", "--no-verify", "--allow-empty", "-m", "setup"], dir);
  run("git", ["checkout", "-q", "-b", "dev/bench"], dir);
  for (let i = 0; i < files; i++) {
    const p = join(dir, "src", `d${i % 100}`, `f${i}.py`);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, `x = ${i}\n`);
  }
  run("git", ["add", "-A"], dir);
  run("git", ["commit", "-q", "--no-verify", "--allow-empty", "-m", "files"], dir);
  return dir;
}

// The variants take turns within each repetition, so a machine that slows down or speeds up
// during the run weighs on all three alike.
function commitBench(files, variants) {
  const dirs = variants.map((v) => makeRepo(files, v));
  const times = variants.map(() => []);
  const mem = variants.map(() => []);
  try {
    for (let rep = 0; rep < REPS; rep++) {
      dirs.forEach((dir, k) => {
        for (let i = 0; i < files; i++)
          writeFileSync(join(dir, "src", `d${i % 100}`, `f${i}.py`), `x = ${i + rep + 1}\n`);
        run("git", ["add", "-A"], dir);
        const m = measure(["git", "commit", "-q", "-m", `rep ${rep}`], dir);
        times[k].push(m.ms);
        mem[k].push(m.kb);
      });
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  return Object.fromEntries(
    variants.map((v, k) => [v, { ms: median(times[k]), kb: Math.max(...mem[k]) }]),
  );
}

function pushBench(commits) {
  const dir = makeRepo(0, "mlbranch");
  try {
    // 1,000 commits on dev/bench with fast-import: each changes one file.
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
    // "pre-receive": the same push with client hooks skipped, judged by `mlbranch init --server`.
    for (const variant of ["no hooks", "mlbranch", "pre-receive"]) {
      const times = [];
      const mem = [];
      for (let rep = 0; rep < Math.max(3, Math.ceil(REPS / 2)); rep++) {
        const bare = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-bench-bare-")));
        run("git", ["init", "-q", "--bare", bare], dir);
        spawnSync("git", ["remote", "remove", "origin"], { cwd: dir, env }); // absent the first time
        run("git", ["remote", "add", "origin", bare], dir);
        run("git", ["push", "-q", "--no-verify", "origin", "main"], dir);
        if (variant === "pre-receive")
          run(
            process.execPath,
            [join(ROOT, "dist", "bin", "mlbranch.js"), "init", "--server", bare],
            dir,
          );
        const m = measure(
          [
            "git",
            "push",
            "-q",
            ...(variant === "mlbranch" ? [] : ["--no-verify"]),
            "origin",
            "dev/bench",
          ],
          dir,
        );
        times.push(m.ms);
        mem.push(m.kb);
        rmSync(bare, { recursive: true, force: true });
      }
      result[variant] = { ms: median(times), kb: Math.max(...mem) };
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The floor every hook pays: starting Node once (the issue quotes ~55 ms on an idle machine).
const nodeStart = median(
  Array.from({ length: 7 }, () => measure([process.execPath, "-e", "0"], ROOT).ms),
);

const rows = [];
// BENCH_PUSH_ONLY=1: only the push rows (pre-push and pre-receive of 1,000 commits).
for (const files of process.env.BENCH_PUSH_ONLY ? [] : [10, 10000]) {
  const r = commitBench(files, ["no hooks", "husky-empty", "mlbranch"]);
  const added = r.mlbranch.ms - r["no hooks"].ms;
  console.error(`done: ${files} files`, JSON.stringify(r));
  rows.push(
    `| git commit, ${files.toLocaleString("en")} changed files | ${r["no hooks"].ms.toFixed(0)} ms / ${(r["no hooks"].kb / 1024).toFixed(0)} MiB | ${r["husky-empty"].ms.toFixed(0)} ms / ${(r["husky-empty"].kb / 1024).toFixed(0)} MiB | ${r.mlbranch.ms.toFixed(0)} ms / ${(r.mlbranch.kb / 1024).toFixed(0)} MiB | +${added.toFixed(0)} ms (x${(r.mlbranch.ms / r["no hooks"].ms).toFixed(2)}) | ${files === 10 ? "<= 150 ms" : "<= 1 s"} |`,
  );
}
const p = pushBench(1000);
const perCommit = (p.mlbranch.ms - p["no hooks"].ms) / 1000;
rows.push(
  `| git push, 1,000 new commits | ${p["no hooks"].ms.toFixed(0)} ms / ${(p["no hooks"].kb / 1024).toFixed(0)} MiB | - | ${p.mlbranch.ms.toFixed(0)} ms / ${(p.mlbranch.kb / 1024).toFixed(0)} MiB | +${perCommit.toFixed(2)} ms per commit (x${(p.mlbranch.ms / p["no hooks"].ms).toFixed(2)}) | <= 3 ms per commit |`,
);
const perCommitServer = (p["pre-receive"].ms - p["no hooks"].ms) / 1000;
rows.push(
  `| git push --no-verify, 1,000 new commits, server pre-receive | ${p["no hooks"].ms.toFixed(0)} ms / ${(p["no hooks"].kb / 1024).toFixed(0)} MiB | - | ${p["pre-receive"].ms.toFixed(0)} ms / ${(p["pre-receive"].kb / 1024).toFixed(0)} MiB | +${perCommitServer.toFixed(2)} ms per commit (x${(p["pre-receive"].ms / p["no hooks"].ms).toFixed(2)}) | <= 110% of the pre-push row |`,
);
const load = (await import("node:os")).loadavg()[0].toFixed(1);
console.log(
  `Median of ${REPS} runs (push: of ${Math.max(3, Math.ceil(REPS / 2))}); wall time / peak RSS of the largest process; node ${process.version} (\`node -e 0\` here: ${nodeStart.toFixed(0)} ms), load average ${load}, ${new Date().toISOString().slice(0, 10)}.\n`,
);
console.log("| step | no hooks | husky, empty hook | mlbranch hooks | mlbranch adds | target |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
