#!/usr/bin/env node
// bench:sqlite — the mlbranch-sqlite driver vs the sqldiff method (sqldiff --primarykey base->theirs,
// applied to ours with sqlite3) on an indexed table; each side: 10k inserts, 1k updates, 1k deletes.
// Prints a markdown table: median wall time of BENCH_REPEAT runs (default 3, after a warm-up) and peak RSS of each
// method, and the time ratio.
// Usage: npm run bench:sqlite [-- 100000 1000000 3000000]
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// The engine the driver uses (node:sqlite on Node 24, better-sqlite3 on Node 20), from the build.
const lib = (f) => pathToFileURL(join(root, "dist", "src", "merge", "sqlite", f)).href;
const { openDatabase } = await import(lib("openDatabase.js"));
const { sqliteEngine } = await import(lib("engine.js"));
process.stderr.write(`bench:sqlite: Node ${process.version}, SQLite engine ${sqliteEngine()}\n`);
const driver = join(root, "dist", "merge-drivers", "sqlite.js");
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const rowsList = sizes.length ? sizes : [100_000, 1_000_000, 3_000_000];

function makeBase(path, n) {
  const db = openDatabase(path);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value REAL, category INTEGER);" +
      "CREATE INDEX items_category ON items (category);",
  );
  const ins = db.prepare("INSERT INTO items VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (let i = 1; i <= n; i++) ins.run(i, `item-${i}`, ((i * 7919) % 1000) / 10, i % 97);
  })();
  db.close();
}

// One side's edits: inserts above n, updates and deletes on rows picked by a stride and offset.
function edit(path, n, side) {
  const db = openDatabase(path);
  db.pragma("journal_mode = DELETE");
  const off = side === "ours" ? 0 : 1;
  db.transaction(() => {
    const ins = db.prepare("INSERT INTO items VALUES (?, ?, ?, ?)");
    for (let i = 0; i < 10_000; i++) {
      const id = n + 1 + i * 2 + off;
      ins.run(id, `${side}-${id}`, i / 3, i % 97);
    }
    const upd = db.prepare("UPDATE items SET value = value + 1, name = ? WHERE id = ?");
    const del = db.prepare("DELETE FROM items WHERE id = ?");
    const stride = Math.floor(n / 2_000);
    for (let i = 0; i < 1_000; i++) {
      upd.run(`${side}-upd`, 1 + i * 2 * stride + off);
      del.run(1 + (i * 2 + 1) * stride + off);
    }
  })();
  db.close();
}

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

// Median wall time (ms) and peak RSS (KiB) over REPEAT runs; `reset` restores the inputs first.
function median(reset, fn) {
  const runs = [];
  // One warm-up run first (not counted), so both methods start with the files in the page cache.
  reset();
  fn();
  for (let i = 0; i < REPEAT; i++) {
    reset();
    runs.push(fn());
  }
  runs.sort((a, b) => a.ms - b.ms);
  const m = runs[Math.floor(runs.length / 2)];
  return { ...m, kib: Math.max(...runs.map((r) => r.kib)) };
}

// Wall time (ms) and peak RSS (KiB) of a command, via /usr/bin/time -f %M.
function timed(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    ...opts,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  const kib = Number(r.stderr.trim().split("\n").pop());
  return { ms, kib, status: r.status };
}

function fingerprint(path) {
  const db = openDatabase(path, { readonly: true });
  const r = db
    .prepare(
      "SELECT count(*) AS n, total(id) AS ids, total(value) AS v, total(length(name)) AS l FROM items",
    )
    .get();
  db.close();
  return JSON.stringify(r);
}

const lines = [
  "| rows | sqldiff method: time | sqldiff method: peak RSS | mlbranch-sqlite: time | mlbranch-sqlite: peak RSS | time ratio (ours/sqldiff) | same result |",
  "|---:|---:|---:|---:|---:|---:|:---:|",
];
for (const n of rowsList) {
  const dir = mkdtempSync(join(tmpdir(), "mlbranch-bench-sqlite-"));
  try {
    const base = join(dir, "base.db");
    makeBase(base, n);
    for (const side of ["ours", "theirs"]) {
      copyFileSync(base, join(dir, `${side}.db`));
      edit(join(dir, `${side}.db`), n, side);
    }
    const a = join(dir, "a.db");
    const b = join(dir, "b.db");
    // Baseline: sqldiff base->theirs, then apply the SQL to ours in one transaction.
    const patch = join(dir, "patch.sql");
    const theirs = join(dir, "theirs.db");
    const reset = (to) => () => copyFileSync(join(dir, "ours.db"), to);
    const baseline = median(reset(a), () => {
      const diff = 'sqldiff --primarykey "$1" "$2" > "$3"';
      const d = timed("sh", ["-c", diff, "sh", base, theirs, patch]);
      const apply = '(echo "BEGIN;"; cat "$2"; echo "COMMIT;") | sqlite3 "$1"';
      const ap = timed("sh", ["-c", apply, "sh", a, patch]);
      return { ms: d.ms + ap.ms, kib: Math.max(d.kib, ap.kib) };
    });
    const ours = median(reset(b), () =>
      timed(process.execPath, [driver, base, b, theirs, "7", "items.db"], { cwd: dir }),
    );
    const same = fingerprint(a) === fingerprint(b) && ours.status === 0;
    const mb = (k) => `${(k / 1024).toFixed(0)} MiB`;
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    lines.push(
      `| ${n.toLocaleString("en-US")} | ${s(baseline.ms)} | ${mb(baseline.kib)} | ${s(ours.ms)} | ${mb(ours.kib)} | ${(ours.ms / baseline.ms).toFixed(2)} | ${same ? "yes" : "NO"} |`,
    );
    process.stderr.write(`${lines.at(-1)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(lines.join("\n"));
