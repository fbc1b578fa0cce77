// bench:scale's history rows: `lineage`, `status` and `check --range` on a repository of 100,001
// commits whose tagged snapshot holds 100,006 files (bench/historyRepo.mjs, git fast-import),
// each beside a git command over the same objects, measured in the same run.
// Alone: `node bench/scaleHistory.mjs` (after `npm run build`); BENCH_REPS sets the repetitions.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildHistoryRepo } from "./historyRepo.mjs";
import { benchEnv, median, ROOT, timed } from "./lib.mjs";

const CLI = join(ROOT, "dist", "bin", "mlbranch.js");

/** Markdown rows (and a note line first) for the 100k-commit, 100k-file cases. */
export function historyRows(reps = 3) {
  const env = benchEnv();
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-history-")));
  try {
    const git = (...args) => timed(["git", ...args], dir, env);
    timed(["git", "init", "-q", "-b", "main"], dir, env);
    const t0 = Date.now();
    const built = buildHistoryRepo(
      dir,
      readFileSync(join(ROOT, "templates", "mlbranch.json"), "utf8"),
    );
    git("config", "gc.auto", "0");
    git("checkout", "-q", "stable/model");
    git("branch", "stable/one", built.tags.at(-1));
    const tag = built.tags.at(-1);
    const built_s = ((Date.now() - t0) / 1000).toFixed(0);
    const cases = [
      [`lineage ${tag} --json`, ["lineage", tag, "--json"], ["git", "ls-tree", "-r", tag]],
      ["status", ["status"], ["git", "status"]],
      [
        "check --range of a one-commit dev branch",
        ["check", "--range", "dev/model..dev/quick"],
        ["git", "log", "-1", "--raw", "dev/quick"],
      ],
      [
        "check --range of a one-commit stable branch",
        ["check", "--range", `${tag}^..stable/one`, "--branch", "stable/model"],
        ["git", "log", "-1", "--raw", "stable/one"],
      ],
    ];
    const load = [loadavg()[0]];
    const rows = cases.map(([label, ours, base]) => {
      const o = [];
      const b = [];
      for (let i = 0; i < reps; i++) {
        o.push(timed([process.execPath, CLI, ...ours], dir, env));
        b.push(timed(base, dir, env));
      }
      const ms = median(o.map((r) => r.ms));
      return `| ${label} | ${(ms / 1000).toFixed(2)} s | ${base.join(" ")}: ${(median(b.map((r) => r.ms)) / 1000).toFixed(2)} s | ${(Math.max(...o.map((r) => r.kb)) / 1024).toFixed(0)} MiB | ${ms <= 2000 ? "yes" : "**no**"} |`;
    });
    load.push(loadavg()[0]);
    return [
      `${built.commits} commits, ${built.files} files in the tagged snapshot (built in ${built_s} s); load average ${load.map((l) => l.toFixed(1)).join(" -> ")}; medians of ${reps}, whole process`,
      "",
      "| command, 100k commits and files | mlbranch | git, the same objects | peak RSS, mlbranch | <= 2 s |",
      "|---|---:|---:|---:|---|",
      ...rows,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  for (const line of historyRows(Number(process.env.BENCH_REPS ?? 3))) console.log(line);
