// `npm run bench:lineage`: mlbranch lineage against one git process per file, on a ~10k-commit
// repository. Prints a markdown table: wall time (median of runs) and peak RSS of each process.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildLineageRepo } from "./lineageRepo.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, "dist", "bin", "mlbranch.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

// Wall time in ms and peak RSS in MiB of one process (peak RSS from GNU time when present).
function measure(cmd, args, cwd) {
  const argv = TIME ? [TIME, "-f", "%M", cmd, ...args] : [cmd, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  const kb = TIME ? Number(r.stderr.trim().split("\n").at(-1)) : Number.NaN;
  return { ms, mib: kb / 1024, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bench(label, cmd, args, cwd) {
  const runs = Array.from({ length: RUNS }, () => measure(cmd, args, cwd));
  return {
    label,
    ms: median(runs.map((r) => r.ms)),
    mib: Math.max(...runs.map((r) => r.mib)),
    stdout: runs[0].stdout,
  };
}

const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-bench-lineage-")));
try {
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
  const t0 = Date.now();
  const { commits, tags } = buildLineageRepo(dir);
  process.stderr.write(`built ${commits} commits, ${tags.length} tags in ${Date.now() - t0} ms\n`);
  const rows = [];
  let agree = true;
  for (const tag of [tags[0], tags.at(-1)]) {
    const ours = bench("ours", process.execPath, [cli, "lineage", tag, "--json"], dir);
    const base = bench(
      "baseline",
      process.execPath,
      [join(root, "bench", "lineageBaseline.mjs"), dir, tag],
      dir,
    );
    // Both must give the same answer: the same commit for every file of every snapshot.
    const o = JSON.parse(ours.stdout).stages.flatMap((s) =>
      s.files.map((f) => `${s.commit} ${f.path} ${f.commit}`),
    );
    const b = JSON.parse(base.stdout).flatMap((s) =>
      s.files.map((f) => `${s.commit} ${f.path} ${f.commit}`),
    );
    const same = JSON.stringify(o.sort()) === JSON.stringify(b.sort());
    agree &&= same;
    const stages = JSON.parse(ours.stdout).stages.length;
    const inProc = median(
      Array.from({ length: RUNS }, () =>
        Number(
          measure(process.execPath, [join(root, "bench", "lineageInProcess.mjs"), dir, tag], dir)
            .stdout,
        ),
      ),
    );
    rows.push(
      `| lineage ${tag} (${stages} snapshots, ${o.length} files) | ${base.ms.toFixed(0)} ms | ${ours.ms.toFixed(0)} ms | ${inProc.toFixed(0)} ms | ${(base.ms / ours.ms).toFixed(1)}x | ${base.mib.toFixed(0)} MiB | ${ours.mib.toFixed(0)} MiB | ${same ? "yes" : "NO"} |`,
    );
  }
  console.log(
    `Repository: ${commits} commits (raw, clean, split, dev/model, stable/model with merges), ${tags.length} tags; median of ${RUNS} runs, whole process (node startup included).\n`,
  );
  console.log(
    "| case | baseline: git log -1 per file | mlbranch lineage (whole command) | of which lineage() itself | speed-up | baseline peak RSS | ours peak RSS | same answer |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  if (!agree) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
