#!/usr/bin/env node
// Benchmark: the mlbranch-jsonl and mlbranch-csv merge drivers against `git merge-file --union`
// on the same three files (base, ours = base + N new, theirs = base + N new), and `node -e 0`
// (Node's own start, the floor of any driver). Prints a markdown table.
// Usage: npm run bench:merge [-- --sizes 10000,100000,1000000 --added 10000 --formats jsonl,csv
//        --runs 5 --in-memory]   (--added defaults to 1% of each size, at least 100)
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
const driverOf = (fmt) => join(root, "dist", "merge-drivers", `${fmt}.js`);
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : process.argv[i + 1];
};
const sizes = arg("sizes", "10000,100000,1000000").split(",").map(Number);
const addedFor = (n) => Number(arg("added", String(Math.max(100, Math.round(n / 100)))));
const formats = arg("formats", "jsonl,csv").split(",");
const runs = Number(arg("runs", "5"));

// About 100 bytes per record, like a metrics log line.
const jsonRec = (i, s) =>
  `{"run_id":"${s}${i}","step":${i},"loss":${(Math.abs(Math.sin(i)) * 10).toFixed(6)},"acc":${(0.5 + (i % 1000) / 2000).toFixed(4)},"ts":"2026-11-27T04:${String(i % 60).padStart(2, "0")}:00Z"}\n`;

// The same fields as one CSV row (about 70 bytes).
const row = (i, s) =>
  `${s}${i},${i},${(Math.abs(Math.sin(i)) * 10).toFixed(6)},${(0.5 + (i % 1000) / 2000).toFixed(4)},2026-11-27T04:${String(i % 60).padStart(2, "0")}:00Z\n`;

function writeRecords(file, n, prefix, extra, fmt = "jsonl") {
  const fd = openSync(file, "w");
  const rec = fmt === "csv" ? row : jsonRec;
  let buf = fmt === "csv" ? "run_id,step,loss,acc,ts\n" : "";
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
const floor = [];
for (let i = 0; i < runs; i++) floor.push(timed(process.execPath, ["-e", "0"], root).secs);
const nodeStart = median(floor);
for (const fmt of formats)
  for (const n of sizes) {
    const added = addedFor(n);
    const dir = mkdtempSync(join(tmpdir(), "mlbranch-bench-"));
    const f = (name) => `${name}.${fmt}`;
    try {
      writeRecords(join(dir, f("base")), n, "r", { n: 0 }, fmt);
      writeRecords(join(dir, f("ours")), n, "r", { n: added, prefix: "o" }, fmt);
      writeRecords(join(dir, f("theirs")), n, "r", { n: added, prefix: "t" }, fmt);
      const size = statSync(join(dir, f("ours"))).size;
      const measure = (what) => {
        const res = [];
        for (let i = 0; i < runs; i++) {
          copyFileSync(join(dir, f("ours")), join(dir, f("a")));
          const r = what();
          if (r.code !== 0) throw new Error(`run failed (${r.code}): ${r.stderr}`);
          res.push(r);
        }
        return { secs: median(res.map((r) => r.secs)), kb: Math.max(...res.map((r) => r.kb)) };
      };
      const union = measure(() =>
        timed("git", ["merge-file", "--union", f("a"), f("base"), f("theirs")], dir),
      );
      const variants = [
        ["canonical", null, {}],
        ["key run_id", { version: 1, files: { [`*.${fmt}`]: { key: ["run_id"] } } }, {}],
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
            [driverOf(fmt), f("base"), f("a"), f("theirs"), "7", `data/m.${fmt}`],
            dir,
            env,
          ),
        );
        const lines = n + 2 * added;
        rows.push(
          `| ${fmt} | ${n.toLocaleString("en")} | ${added.toLocaleString("en")} | ${label} | ${(size / 1e6).toFixed(1)} MB | ${union.secs.toFixed(2)} s | ${ours.secs.toFixed(2)} s | ${(ours.secs / union.secs).toFixed(2)}x | +${Math.round((ours.secs - nodeStart) * 1000)} ms | ${mb(union.kb)} | ${mb(ours.kb)} | ${lines.toLocaleString("en")} |`,
        );
        process.stderr.write(`${rows[rows.length - 1]}\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

console.log(
  `record drivers vs git merge-file --union; new records per side: --added or 1% of base; median of ${runs} runs; node ${process.version}; node -e 0: ${Math.round(nodeStart * 1000)} ms\n`,
);
console.log(
  "| format | base records | new per side | identity | one input | union wall | driver wall | wall ratio | driver − node -e 0 | union peak RSS | driver peak RSS | merged lines |",
);
console.log("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(r);
