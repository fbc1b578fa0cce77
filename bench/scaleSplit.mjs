import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchEnv, median, ROOT, runner, scaleRepo, timed } from "./lib.mjs";

const env = benchEnv();

const run = runner(env);

const rec = (i) =>
  `{"id":"r${i}","user":"user${i % 9973}","amount":${(i % 1000) / 8},"ts":"2026-12-0${1 + (i % 9)}T10:00:00Z"}\n`;

function write(file, from, n, flags = "w") {
  const fd = openSync(file, flags);
  for (let i = from; i < from + n; ) {
    let block = "";
    for (let j = 0; j < 50_000 && i < from + n; j++) block += rec(i++);
    writeSync(fd, block);
  }
  closeSync(fd);
}

// The hook's time in the split rule, from its trace ("rule split, 1 commit(s) (123.4 ms)").
const ruleMs = (stderr) =>
  Number(/rule split, \d+ commit\(s\) \(([\d.]+) ms\)/.exec(stderr)?.[1] ?? Number.NaN);

function oneBuild(root, reps, records, storage) {
  // Big split files kept in git: the team raises the split type's limit (default 10 MiB).
  const dir = scaleRepo("mlbranch-split-", env, {
    lfs: storage === "lfs" ? "data/*.jsonl" : undefined,
    types: { split: { maxFileSize: "64 GiB", contracts: "off" } },
    root,
  });
  try {
    const sha = run("git", ["rev-parse", "--short=12", "HEAD"], dir).trim();
    run("git", ["checkout", "-q", "-b", "split"], dir);
    mkdirSync(join(dir, "data"));
    const train = join(dir, "data", "train.jsonl");
    write(train, 0, records);
    write(join(dir, "data", "test.jsonl"), 50_000_000, records / 10);
    const msg = (m) => `${m}\n\nDerived-From: main@${sha}`;
    run("git", ["add", "-A"], dir);
    run("git", ["commit", "-q", "--no-verify", "-m", msg("split")], dir);
    let next = records;
    const t = { mlbranch: [], "--no-verify": [], cat: [], rule: [] };
    const kb = [];
    const load = [loadavg()[0]];
    for (let rep = 0; rep < reps; rep++) {
      for (const variant of ["mlbranch", "--no-verify"]) {
        write(train, next, 10_000, "a");
        next += 10_000;
        run("git", ["add", "-A"], dir);
        const flags = variant === "mlbranch" ? [] : ["--no-verify"];
        const e = variant === "mlbranch" ? { ...env, MLBRANCH_DEBUG: "1" } : env;
        const m = timed(["git", "commit", "-q", ...flags, "-m", msg(`to ${next}`)], dir, e);
        t[variant].push(m.ms);
        if (variant === "mlbranch") {
          kb.push(m.kb);
          t.rule.push(ruleMs(m.stderr));
        }
      }
      t.cat.push(timed(["sh", "-c", `cat "$0" >/dev/null`, train], dir, env).ms);
    }
    load.push(loadavg()[0]);
    return {
      mlbranch: median(t.mlbranch),
      noVerify: median(t["--no-verify"]),
      cat: median(t.cat),
      rule: median(t.rule),
      kb: Math.max(...kb),
      load,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Markdown rows (a note line first) for the split case, this build and an optional baseline. */
export function splitRows(
  reps = 3,
  records = 1_000_000,
  storage = "git",
  baseline = process.env.BENCH_SPLIT_BASELINE,
) {
  const builds = [["this build", ROOT], ...(baseline ? [["baseline", baseline]] : [])];
  const results = builds.map(([name, root]) => [name, oneBuild(root, reps, records, storage)]);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const loads = results.flatMap(([, r]) => r.load.map((l) => l.toFixed(1))).join(" -> ");
  return [
    `split: data/train.jsonl of ${records.toLocaleString("en")} records and data/test.jsonl of ${(records / 10).toLocaleString("en")} (${storage === "lfs" ? "Git LFS" : "git blobs"}), 10,000 records appended to train per commit; load average ${loads}; medians of ${reps}`,
    "",
    "| build | commit, mlbranch | split rule (hook's trace) | commit --no-verify | cat of train (floor) | peak RSS, mlbranch commit |",
    "|---|---:|---:|---:|---:|---:|",
    ...results.map(
      ([name, r]) =>
        `| ${name}${name === "baseline" ? ` (${baseline})` : ""} | ${s(r.mlbranch)} | ${s(r.rule)} | ${s(r.noVerify)} | ${s(r.cat)} | ${(r.kb / 1024).toFixed(0)} MiB |`,
    ),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  for (const line of splitRows(
    Number(process.env.BENCH_REPS ?? 3),
    Number(process.env.BENCH_SPLIT_RECORDS ?? 1_000_000),
    process.env.BENCH_SPLIT_STORAGE ?? "git",
  ))
    console.log(line);
