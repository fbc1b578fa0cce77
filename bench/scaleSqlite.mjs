// bench:scale's SQLite rows: a database of 2,000,000 rows (~210 MB) on raw/main (data/** is
// append-only there), 10,000 rows appended and committed with mlbranch's hooks (sqlite-append-only
// compares the two versions in SQLite; records-well-formed runs PRAGMA integrity_check on the new
// one) against `git commit --no-verify` and the floors of reading the new version once (`cat` to
// /dev/null) and of `sqldiff --summary` of the two versions, in one run, as a git blob and in Git
// LFS. Then a commit deleting one row, which must be refused (the rule ran and judged).
// Alone: `node bench/scaleSqlite.mjs` (after `npm run build`); BENCH_REPS sets the repetitions,
// BENCH_SQLITE_ROWS the database's rows, BENCH_SQLITE_STORAGE "git,lfs" (default) or one.
// Needs the sqlite3 and sqldiff CLIs (Debian: sqlite3, sqlite3-tools).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchEnv, median, runner, scaleRepo, timed } from "./lib.mjs";

const env = benchEnv();

const run = runner(env);

// Rows from..to (inclusive), made by SQLite itself in one statement (one transaction).
const rows = (from, to) =>
  `WITH RECURSIVE c(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM c WHERE i < ${to}) ` +
  "INSERT INTO metrics SELECT i, printf('run-%06d', i / 100), printf('metric_%d', i % 17), " +
  "i * 0.001, i % 1000, hex(randomblob(32)) FROM c;";

const has = (cmd, args) => spawnSync(cmd, args).status === 0;

/** Markdown rows (a note line first) for the SQLite case. */
export function sqliteRows(reps = 3, n = 2_000_000, storages = ["git", "lfs"]) {
  if (!has("sqlite3", ["-version"]) || !has("sqldiff", ["--help"]))
    return [
      "sqlite: skipped, the sqlite3 and sqldiff CLIs are needed (apt-get install sqlite3 sqlite3-tools)",
    ];
  const out = [];
  const load = [loadavg()[0]];
  let mib = 0;
  for (const storage of storages) {
    if (storage === "lfs" && !has("git", ["lfs", "version"])) {
      out.push(`| SQLite, Git LFS | skipped: git-lfs is not installed | | | | | | |`);
      continue;
    }
    const r = oneCase(reps, n, storage);
    mib = r.size / 2 ** 20;
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    out.push(
      `| SQLite ${n.toLocaleString("en")} rows + 10,000, ${storage === "lfs" ? "Git LFS" : "git blob"} | ${s(r.mlbranch)} | ${s(r.noVerify)} | ${s(r.cat)} | ${s(r.sqldiff)} | ${(r.kb / 1024).toFixed(0)} MiB (--no-verify ${(r.kbNoVerify / 1024).toFixed(0)}) | ${(r.hookKb / 1024).toFixed(0)} MiB | ${r.refused ? "yes" : "**no**"} |`,
    );
  }
  load.push(loadavg()[0]);
  return [
    `SQLite database of ${n.toLocaleString("en")} rows (${mib.toFixed(0)} MiB) on raw/main, 10,000 rows appended per commit; Node ${process.version}; load average ${load.map((l) => l.toFixed(1)).join(" -> ")}; medians of ${reps}`,
    "",
    "| append 10,000 rows to | commit, mlbranch | commit --no-verify | cat (floor) | sqldiff --summary (floor) | peak RSS, mlbranch commit | peak RSS, the hook's Node | a deleted row refused |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
    ...out,
  ];
}

function oneCase(reps, n, storage) {
  const dir = scaleRepo("mlbranch-scale-sqlite-", env, {
    lfs: storage === "lfs" ? "data/*.db" : undefined,
    types: storage === "git" ? { raw: { maxFileSize: "64 GiB" } } : {},
  });
  try {
    run("git", ["checkout", "-q", "-b", "raw/main"], dir);
    mkdirSync(join(dir, "data"));
    const file = join(dir, "data", "runs.db");
    const old = join(dir, "..", `${dir.split("/").pop()}-old.db`);
    run(
      "sqlite3",
      [file],
      dir,
      "PRAGMA journal_mode = DELETE; CREATE TABLE metrics (id INTEGER PRIMARY KEY, run TEXT NOT NULL, " +
        `key TEXT NOT NULL, value REAL, step INTEGER, note TEXT); ${rows(1, n)}`,
    );
    let next = n + 1;
    run("git", ["add", "-A"], dir);
    run("git", ["commit", "-q", "--no-verify", "-m", "first delivery\n\nData-Source: bench"], dir);
    const t = { mlbranch: [], "--no-verify": [], cat: [], sqldiff: [] };
    const kb = { mlbranch: [], "--no-verify": [] };
    const hookKb = [];
    try {
      for (let rep = 0; rep < reps; rep++) {
        for (const variant of ["mlbranch", "--no-verify"]) {
          copyFileSync(file, old);
          run("sqlite3", [file], dir, rows(next, next + 9_999));
          next += 10_000;
          run("git", ["add", "-A"], dir);
          const flags = variant === "mlbranch" ? [] : ["--no-verify"];
          const m = timed(
            ["git", "commit", "-q", ...flags, "-m", `delivery ${next}\n\nData-Source: bench`],
            dir,
            variant === "mlbranch" ? { ...env, MLBRANCH_DEBUG: "1" } : env,
          );
          t[variant].push(m.ms);
          kb[variant].push(m.kb);
          if (variant === "mlbranch") hookKb.push(hookRss(m.stderr));
        }
        t.cat.push(timed(["sh", "-c", `cat "$0" >/dev/null`, file], dir, env).ms);
        t.sqldiff.push(timed(["sqldiff", "--summary", old, file], dir, env).ms);
      }
      // The rule judged: a commit that deletes a row is refused.
      run("sqlite3", [file], dir, "DELETE FROM metrics WHERE id = 7;");
      run("git", ["add", "-A"], dir);
      const refused = timed(
        ["git", "commit", "-q", "-m", "lose a row\n\nData-Source: bench"],
        dir,
        env,
        {
          ok: [0, 1],
        },
      );
      return {
        size: statSync(file).size,
        mlbranch: median(t.mlbranch),
        noVerify: median(t["--no-verify"]),
        cat: median(t.cat),
        sqldiff: median(t.sqldiff),
        kb: Math.max(...kb.mlbranch),
        kbNoVerify: Math.max(...kb["--no-verify"]),
        hookKb: Math.max(...hookKb),
        refused: /sqlite-append-only|is missing/.test(refused.stderr) && refused.ms > 0,
      };
    } finally {
      rmSync(old, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The hooks' own Node processes (pre-commit, commit-msg): the largest peak RSS their
// MLBRANCH_DEBUG trace gives at exit, in KiB.
function hookRss(stderr) {
  let mib = 0;
  for (const m of stderr.matchAll(/mlbranch:debug .* {2}peak RSS (\d+) MiB/g))
    mib = Math.max(mib, Number(m[1]));
  return mib * 1024;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  for (const line of sqliteRows(
    Number(process.env.BENCH_REPS ?? 3),
    Number(process.env.BENCH_SQLITE_ROWS ?? 2_000_000),
    (process.env.BENCH_SQLITE_STORAGE ?? "git,lfs").split(","),
  ))
    console.log(line);
