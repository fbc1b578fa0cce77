// bench:contracts — `mlbranch validate` of a 1M-row, 7-column CSV against a Frictionless Table
// Schema (types, ranges, an enum, a date, a primary key, a foreign key to a 1,000-row table),
// beside the same checks in Python (pandas when python3 has it, else python3's csv module) in
// the same run. Targets: >= 1M rows/s, peak RSS <= 256 MiB. Prints a markdown table.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Prng } from "../dist/src/data/prng.js";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "dist", "bin", "mlbranch.js");
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PLANTED = 20;
const dir = join(tmpdir(), `mlbranch-bench-contracts-${ROWS}`);
const items = join(dir, "data", "items.csv");
const teams = join(dir, "data", "teams.csv");

const git = (...a) => {
  const r = spawnSync("git", a, { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${a.join(" ")}: ${r.stderr}`);
};
if (!existsSync(items)) {
  mkdirSync(join(dir, "data"), { recursive: true });
  mkdirSync(join(dir, "schemas"), { recursive: true });
  git("init", "-q");
  const rng = new Prng(7);
  const countries = ["DE", "FR", "US", "IT", "ES"];
  const lines = ["id,email,age,score,country,day,team"];
  // Every ROWS / PLANTED rows one cell is wrong (a different kind each time).
  const every = Math.floor(ROWS / PLANTED);
  const bad = ["x", "no-email", "-5", "2.5", "XX", "2023-02-30", "5000"];
  for (let i = 1; i <= ROWS; i++) {
    const cells = [
      String(i),
      `user${i}@example.org`,
      String(18 + rng.int(70)),
      rng.next().toFixed(6),
      countries[rng.int(5)],
      `20${10 + rng.int(15)}-${String(1 + rng.int(12)).padStart(2, "0")}-${String(1 + rng.int(28)).padStart(2, "0")}`,
      String(1 + rng.int(1000)),
    ];
    if (i % every === 0) {
      const k = (i / every) % bad.length;
      cells[k] = bad[k];
    }
    lines.push(cells.join(","));
  }
  writeFileSync(items, `${lines.join("\n")}\n`);
  writeFileSync(
    teams,
    `id,name\n${Array.from({ length: 1000 }, (_, i) => `${i + 1},team${i + 1}`).join("\n")}\n`,
  );
  writeFileSync(
    join(dir, "schemas", "items.json"),
    JSON.stringify({
      fields: [
        { name: "id", type: "integer" },
        { name: "email", type: "string", format: "email" },
        { name: "age", type: "integer", constraints: { minimum: 0, maximum: 130 } },
        { name: "score", type: "number", constraints: { minimum: 0, maximum: 1 } },
        { name: "country", type: "string", constraints: { enum: ["DE", "FR", "US", "IT", "ES"] } },
        { name: "day", type: "date" },
        { name: "team", type: "integer" },
      ],
      primaryKey: ["id"],
      foreignKeys: [
        { fields: ["team"], reference: { resource: "data/teams.csv", fields: ["id"] } },
      ],
    }),
  );
  writeFileSync(
    join(dir, "mlbranch.json"),
    JSON.stringify({
      version: 1,
      files: { "data/items.csv": { tableSchema: "schemas/items.json" } },
    }),
  );
}

/** Median wall, CPU (user + sys) and max peak RSS (MiB) of a command over RUNS runs; its stdout. */
function measure(cmd, args, env = {}) {
  const walls = [];
  const cpu = [];
  let rss = 0;
  let stdout = "";
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync("/usr/bin/time", ["-f", "__BENCH %e %M %U %S", cmd, ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
    const m = /__BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (m) {
      rss = Math.max(rss, Number(m[2]) / 1024);
      cpu.push(Number(m[3]) + Number(m[4]));
    }
    stdout = r.stdout;
  }
  walls.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { wall: walls[walls.length >> 1], cpu: cpu[cpu.length >> 1], rss, stdout };
}

const nodeStart = measure(process.execPath, ["-e", "0"]);
const validate = [cli, "validate", "--json", "--max-errors", "100000", "data/items.csv"];
// As users run it (two parts at once when a core is idle), then each way forced
// (MLBRANCH_CONTRACTS_PARALLEL: 0 one thread, 1 two parts whatever the load).
const loadBefore = loadavg()[0];
const ours = measure(process.execPath, validate);
const oneThread = measure(process.execPath, validate, { MLBRANCH_CONTRACTS_PARALLEL: "0" });
const twoParts = measure(process.execPath, validate, { MLBRANCH_CONTRACTS_PARALLEL: "1" });
const ourErrors = JSON.parse(ours.stdout).errors.length;
const errorsOf = (m) => JSON.parse(m.stdout).errors.length;
const hasPandas = spawnSync("python3", ["-c", "import pandas"]).status === 0;
const baselines = [["python3 csv module, row by row", "--csv"]];
if (hasPandas) baselines.unshift(["pandas (vectorized)", "--pandas"]);
const rows = [];
const line = (name, m, errors) =>
  rows.push(
    `| ${name} | ${m.wall.toFixed(2)} | ${m.cpu.toFixed(2)} | ${Math.round(ROWS / m.wall).toLocaleString("en")} | ${Math.round(ROWS / m.cpu).toLocaleString("en")} | ${m.rss.toFixed(0)} | ${errors} | ${(m.wall / ours.wall).toFixed(1)}x |`,
  );
line("mlbranch validate", ours, ourErrors);
line("mlbranch validate, one thread (PARALLEL=0)", oneThread, errorsOf(oneThread));
line("mlbranch validate, two parts (PARALLEL=1)", twoParts, errorsOf(twoParts));
for (const [name, flag] of baselines) {
  const m = measure("python3", [join(here, "baselines", "contracts.py"), flag, items, teams]);
  line(name, m, Number(m.stdout.trim()));
}
console.log(
  `bench:contracts on ${process.platform}, ${cpus().length} cores, node ${process.version} (node -e 0: ${nodeStart.wall.toFixed(2)} s), load average before ${loadBefore.toFixed(1)}, at the end ${loadavg()
    .map((x) => x.toFixed(1))
    .join(
      " ",
    )}; ${ROWS.toLocaleString("en")} rows x 7 columns, ${PLANTED} planted errors; median of ${RUNS} runs; peak RSS from /usr/bin/time${hasPandas ? "" : "; python3 has no pandas here, so the baseline is python3's csv module"}\n`,
);
console.log(
  "| validator | wall (s) | CPU (s) | rows/s (wall) | rows per CPU-second | peak RSS (MiB) | errors found | wall vs mlbranch |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(r);
const verdict = (name, m) =>
  `${name}: >= 1,000,000 rows/s ${ROWS / m.wall >= 1e6 ? "met" : "missed"} (${Math.round(ROWS / m.wall).toLocaleString("en")}), peak RSS <= 256 MiB ${m.rss <= 256 ? "met" : "missed"} (${m.rss.toFixed(0)})`;
console.log(
  `\ntargets: ${verdict("as run", ours)}; ${verdict("one thread", oneThread)}; ${verdict("two parts", twoParts)}`,
);
