#!/usr/bin/env node
// Benchmark: the mlbranch-jsonl merge driver against `git merge-file --union` on the same three
// files (base, ours = base + N new, theirs = base + N new). Prints a markdown table.
// Usage: npm run bench:merge [-- --sizes 100000,1000000,10000000 --added 10000 --runs 3 --in-memory]
import { spawnSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const driver = join(root, "dist", "merge-drivers", "jsonl.js");
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : process.argv[i + 1];
};
const sizes = arg("sizes", "100000,1000000").split(",").map(Number);
const added = Number(arg("added", "10000"));
const runs = Number(arg("runs", "3"));

// About 100 bytes per record, like a metrics log line.
const rec = (i, s) =>
  `{"run_id":"${s}${i}","step":${i},"loss":${(Math.abs(Math.sin(i)) * 10).toFixed(6)},"acc":${(0.5 + (i % 1000) / 2000).toFixed(4)},"ts":"2026-11-27T04:${String(i % 60).padStart(2, "0")}:00Z"}\n`;

function writeRecords(file, n, prefix, extra) {
  const fd = openSync(file, "w");
  let buf = "";
  const flush = () => {
    writeSync(fd, buf);
    buf = "";
  };
  for (let i = 0; i < n; i++) {
    buf += rec(i, prefix);
    if (buf.length > 1 << 22) flush();
  }
  for (let i = 0; i < extra.n; i++) buf += rec(i, extra.prefix);
  flush();
  closeSync(fd);
}

// Wall time and peak RSS of one child process, measured by /usr/bin/time.
function timed(cmd, args, cwd, env = {}) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  const last = r.stderr.trim().split("\n").pop();
  const [secs, kb] = last.split(" ").map(Number);
  return { code: r.status, secs, kb, stderr: r.stderr };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

const rows = [];
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), "mlbranch-bench-"));
  try {
    const base = join(dir, "base.jsonl");
    writeRecords(base, n, "r", { n: 0 });
    writeRecords(join(dir, "ours.jsonl"), n, "r", { n: added, prefix: "o" });
    writeRecords(join(dir, "theirs.jsonl"), n, "r", { n: added, prefix: "t" });
    const size = statSync(join(dir, "ours.jsonl")).size;
    const measure = (what) => {
      const res = [];
      for (let i = 0; i < runs; i++) {
        copyFileSync(join(dir, "ours.jsonl"), join(dir, "a.jsonl"));
        const r = what();
        if (r.code !== 0) throw new Error(`run failed (${r.code}): ${r.stderr}`);
        res.push(r);
      }
      return { secs: median(res.map((r) => r.secs)), kb: Math.max(...res.map((r) => r.kb)) };
    };
    const union = measure(() =>
      timed("git", ["merge-file", "--union", "a.jsonl", "base.jsonl", "theirs.jsonl"], dir),
    );
    const variants = [
      ["canonical", null, {}],
      ["key run_id", { version: 1, files: { "*.jsonl": { key: ["run_id"] } } }, {}],
    ];
    // The path taken when the streaming one declines (e.g. a schema is set), for comparison.
    if (process.argv.includes("--in-memory"))
      variants.push(["canonical, in-memory path", null, { MLBRANCH_FAST_APPEND_MIN: "1e15" }]);
    for (const [label, config, env] of variants) {
      rmSync(join(dir, "mlbranch.json"), { force: true });
      if (config) writeFileSync(join(dir, "mlbranch.json"), JSON.stringify(config));
      const ours = measure(() =>
        timed(
          process.execPath,
          [driver, "base.jsonl", "a.jsonl", "theirs.jsonl", "7", "tracking/metrics.jsonl"],
          dir,
          env,
        ),
      );
      const lines = n + 2 * added;
      rows.push(
        `| ${n.toLocaleString("en")} | ${label} | ${(size / 1e6).toFixed(0)} MB | ${union.secs.toFixed(2)} s | ${ours.secs.toFixed(2)} s | ${(ours.secs / union.secs).toFixed(2)}x | ${mb(union.kb)} | ${mb(ours.kb)} | ${((ours.kb * 1024) / size).toFixed(2)}x | ${lines.toLocaleString("en")} |`,
      );
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `jsonl driver vs git merge-file --union; ${added.toLocaleString("en")} new records per side, median of ${runs} runs, node ${process.version}\n`,
);
console.log(
  "| base records | identity | one input | union wall | jsonl wall | wall ratio | union peak RSS | jsonl peak RSS | jsonl RSS / input | merged lines |",
);
console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(r);
