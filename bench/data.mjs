// bench:data — `mlbranch drift` on 1M rows x 20 features (against a 1M-row reference) and
// `mlbranch split` on 1M records, each against a named baseline; prints a markdown table.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Prng } from "../dist/src/data/prng.js";
import { writeTable } from "./genData.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "dist", "bin", "mlbranch.js");
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = join(tmpdir(), `mlbranch-bench-data-${ROWS}`);
mkdirSync(dir, { recursive: true });
const ref = join(dir, "ref.jsonl");
const cur = join(dir, "cur.jsonl");
const recs = join(dir, "records.jsonl");
const refCsv = join(dir, "ref.csv");
const curCsv = join(dir, "cur.csv");
if (!existsSync(ref)) writeTable(ref, ROWS, 1);
if (!existsSync(cur)) writeTable(cur, ROWS, 2, 0.3);
if (!existsSync(recs)) {
  const rng = new Prng(3);
  const parts = [];
  for (let i = 0; i < ROWS; i++)
    parts.push(
      JSON.stringify({
        id: `u${i}-${rng.u32()}`,
        age: 18 + rng.int(60),
        score: rng.next(),
        country: ["de", "fr", "us"][rng.int(3)],
      }),
    );
  writeFileSync(recs, `${parts.join("\n")}\n`);
}
// The same two tables as CSV (a header, then one line a record).
for (const [jsonl, csv] of [
  [ref, refCsv],
  [cur, curCsv],
]) {
  if (existsSync(csv)) continue;
  const lines = readFileSync(jsonl, "utf8").split("\n").filter(Boolean);
  const keys = Object.keys(JSON.parse(lines[0]));
  const out = [keys.join(",")];
  for (const l of lines) {
    const o = JSON.parse(l);
    out.push(keys.map((k) => o[k]).join(","));
  }
  writeFileSync(csv, `${out.join("\n")}\n`);
}
const hasTime = existsSync("/usr/bin/time");

/** Median wall and CPU (user + sys) seconds and max peak RSS (MiB) of a node script over RUNS runs. */
function measure(args, cwd) {
  const walls = [];
  const cpu = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const cmd = hasTime ? "/usr/bin/time" : process.execPath;
    const argv = hasTime ? ["-f", "__BENCH %e %M %U %S", process.execPath, ...args] : args;
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
    const m = /__BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
    walls.push(wall);
    if (m) rss = Math.max(rss, Number(m[2]) / 1024);
    if (m) cpu.push(Number(m[3]) + Number(m[4]));
  }
  walls.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { wall: walls[walls.length >> 1], rss, cpu: cpu.length ? cpu[cpu.length >> 1] : null };
}

const rows = [];
const f = (x, d = 2) => (x === null || x === 0 ? "n/a" : x.toFixed(d));
function row(task, ours, baseName, base, target) {
  rows.push(
    `| ${task} | ${ours.wall.toFixed(2)} | ${f(ours.cpu)} | ${f(ours.rss, 0)} | ${baseName} | ${base.wall.toFixed(2)} | ${f(base.cpu)} | ${f(base.rss, 0)} | ${(ours.wall / base.wall).toFixed(2)} | ${target === null ? "-" : `${target} s wall: ${ours.wall <= target ? "met" : "missed"}`} |`,
  );
}

const n = `${ROWS / 1e6}M`;
const drift = measure([cli, "drift", "--reference", ref, "--current", cur, "--json"]);
row(
  `drift, ${n} current vs ${n} reference rows x 20 features`,
  drift,
  "read + JSON.parse of both files",
  measure([join(here, "baselines", "parseJsonl.mjs"), ref, cur]),
  3,
);
row(
  `drift (same)`,
  drift,
  "JSON.parse + exact sort-based KS, 18 numeric features",
  measure([join(here, "baselines", "sortKs.mjs"), ref, cur]),
  3,
);
row(
  `drift, the same tables as CSV`,
  measure([cli, "drift", "--reference", refCsv, "--current", curCsv, "--json"]),
  "read + split into lines and fields + Number() of both files",
  measure([join(here, "baselines", "parseCsv.mjs"), refCsv, curCsv]),
  3,
);
// The reference as the monitor rule reads it: a file in a model tag, streamed from git.
const repo = join(dir, "repo");
if (!existsSync(join(repo, ".git"))) {
  mkdirSync(repo, { recursive: true });
  const git = (...a) => {
    const r = spawnSync("git", a, { cwd: repo, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${a.join(" ")}: ${r.stderr}`);
  };
  git("init", "-q");
  writeFileSync(join(repo, "train.jsonl"), readFileSync(ref));
  git("add", "train.jsonl");
  git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "train");
  git("tag", "model-1");
}
row(
  `drift, reference read from a git tag (model-1:train.jsonl)`,
  measure([cli, "drift", "--reference", "model-1:train.jsonl", "--current", cur, "--json"], repo),
  "the same drift from the file",
  drift,
  null,
);
const out = join(dir, "split-out");
rmSync(out, { recursive: true, force: true });
const split = measure([cli, "split", recs, "--key", "id", "--out", out, "--json"]);
row(
  `split, ${n} records`,
  split,
  "read + JSON.parse of the file",
  measure([join(here, "baselines", "parseJsonl.mjs"), recs]),
  2,
);

const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(" ");
console.log(
  `bench:data on ${process.platform}, ${cpus().length} cores, node ${process.version}, load average at the end ${load}; median of ${RUNS} runs; peak RSS from /usr/bin/time (MiB)\n`,
);
console.log(
  "| task | ours wall (s) | ours CPU (s) | ours peak RSS | baseline | baseline wall (s) | baseline CPU (s) | baseline peak RSS | ours / baseline (wall) | target |",
);
console.log("|---|---:|---:|---:|---|---:|---:|---:|---:|---|");
for (const r of rows) console.log(r);
