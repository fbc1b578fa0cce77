import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchEnv, median, runner, scaleRepo, timed } from "./lib.mjs";

const env = benchEnv();

const run = runner(env);

// Seeded, cheap, the same on every run: the monitoring records and the training data share
// their distribution, so the rule judges and finds no drift (the full path, no alert written).
const rec = (i) =>
  `{"id":${i},"model_tag":"acme-1","amount":${((i * 7919) % 10007) / 100},"latency":${(i * 104729) % 997},"score":${((i * 31) % 1000) / 1000}}\n`;

function write(file, from, n) {
  const fd = openSync(file, "w");
  for (let i = from; i < from + n; ) {
    let block = "";
    for (let j = 0; j < 50_000 && i < from + n; j++) block += rec(i++);
    writeSync(fd, block);
  }
  closeSync(fd);
}

/** Markdown rows (a note line first) for the monitoring case. */
export function monitorRows(reps = 3, records = 5_000_000, storage = "git") {
  const dir = scaleRepo("mlbranch-monitor-", env, {
    lfs: storage === "lfs" ? "monitoring/*.jsonl" : undefined,
    types: storage === "git" ? { monitoring: { maxFileSize: "64 GiB" } } : {},
  });
  try {
    run("git", ["checkout", "-q", "-b", "stable/model"], dir);
    mkdirSync(join(dir, "data"));
    write(join(dir, "data", "train.jsonl"), 10_000_000, 100_000);
    run("git", ["add", "-A"], dir);
    run("git", ["commit", "-q", "--no-verify", "-m", "train"], dir);
    run("git", ["tag", "-a", "acme-1", "-m", "acme-1"], dir);
    run("git", ["checkout", "-q", "main"], dir);
    run("git", ["checkout", "-q", "-b", "monitoring/main"], dir);
    mkdirSync(join(dir, "monitoring"));
    const file = join(dir, "monitoring", "requests.jsonl");
    write(file, 0, records);
    let next = records;
    run("git", ["add", "-A"], dir);
    run("git", ["commit", "-q", "--no-verify", "-m", "history"], dir);
    const t = { mlbranch: [], "--no-verify": [], cat: [], sha256sum: [] };
    const kb = [];
    const load = [loadavg()[0]];
    for (let rep = 0; rep < reps; rep++) {
      for (const variant of ["mlbranch", "--no-verify"]) {
        const fd = openSync(file, "a");
        for (let i = 0; i < 10_000; i++) writeSync(fd, rec(next++));
        closeSync(fd);
        run("git", ["add", "-A"], dir);
        const flags = variant === "mlbranch" ? [] : ["--no-verify"];
        const m = timed(["git", "commit", "-q", ...flags, "-m", `requests to ${next}`], dir, env);
        t[variant].push(m.ms);
        if (variant === "mlbranch") kb.push(m.kb);
      }
      t.cat.push(timed(["sh", "-c", `cat "$0" >/dev/null`, file], dir, env).ms);
      t.sha256sum.push(timed(["sha256sum", file], dir, env).ms);
    }
    load.push(loadavg()[0]);
    // The rule ran: the commits judged the new records (no alert: same distribution) and the
    // alert log stays absent; a drifted append is what the tests refuse and alert on.
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    const ms = median(t.mlbranch);
    const mib = Math.max(...kb) / 1024;
    return [
      `monitoring JSONL of ${records.toLocaleString("en")} records (${storage === "lfs" ? "Git LFS" : "git blob"}), 10,000 appended per commit, monitor rule on (reference acme-1:data/train.jsonl, 100,000 records); load average ${load.map((l) => l.toFixed(1)).join(" -> ")}; medians of ${reps}`,
      "",
      "| case | commit, mlbranch | commit --no-verify | cat (floor) | sha256sum (floor) | peak RSS, mlbranch commit | <= 1.0 s, <= 128 MiB |",
      "|---|---:|---:|---:|---:|---:|---|",
      `| monitor, ${records.toLocaleString("en")} + 10,000 records | ${s(ms)} | ${s(median(t["--no-verify"]))} | ${s(median(t.cat))} | ${s(median(t.sha256sum))} | ${mib.toFixed(0)} MiB | ${ms <= 1000 ? "yes" : "**no**"}, ${mib <= 128 ? "yes" : "**no**"} |`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  for (const line of monitorRows(
    Number(process.env.BENCH_REPS ?? 3),
    Number(process.env.BENCH_MONITOR_RECORDS ?? 5_000_000),
    process.env.BENCH_MONITOR_STORAGE ?? "git",
  ))
    console.log(line);
