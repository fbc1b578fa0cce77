// bench:notebooks: the mlbranch-ipynb merge driver on notebooks with images (base64 PNG outputs),
// 5 MB and 50 MB, each side editing different cells' sources and adding a cell; the baseline is
// `git merge-file` on the same three files in the same run (what git does without a driver; its
// result is not a notebook when the sides touch nearby lines). Targets (issue 26): 5 MB in
// <= 0.5 s, 50 MB in <= 3 s, driver peak RSS <= 4x the three inputs together.
// Prints the Node version, `node -e 0`, and a markdown table (median of --runs, default 3).
// BENCH_NODES (or --nodes), a comma-separated list of node binaries: the driver runs under each
// (a row per Node; peak RSS differs by version), `node -e 0` printed for each.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const runs = Number(arg("runs", 3));
const sizesMb = arg("sizes", "5,50").split(",").map(Number);
const driver = join(root, "dist", "merge-drivers", "ipynb.js");
const nodes = (arg("nodes", process.env.BENCH_NODES) || process.execPath)
  .split(",")
  .filter(Boolean);
const versionOf = (bin) =>
  spawnSync(bin, ["-p", "process.version"], { encoding: "utf8" }).stdout.trim();

// Deterministic incompressible bytes, as base64 the way Jupyter stores an image/png.
function image(bytes, seed) {
  let x = seed >>> 0 || 1;
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < b.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 255;
  }
  return `${b.toString("base64")}\n`;
}

// A notebook of `mb` MB: one markdown cell, then code cells each with a stream and a ~100 KB plot.
function notebookOf(mb, edit) {
  const cellsN = Math.max(2, Math.round((mb * 1e6) / 137_000));
  const cells = [{ cell_type: "markdown", id: "title", metadata: {}, source: ["# Report\n"] }];
  for (let i = 0; i < cellsN; i++)
    cells.push({
      cell_type: "code",
      id: `c${i}`,
      execution_count: i + 1,
      metadata: { tags: ["plot"] },
      source: [`fig, ax = plt.subplots()\n`, `ax.plot(df["x"], df["y${i}"])\n`, "fig"],
      outputs: [
        { output_type: "stream", name: "stdout", text: [`cell ${i}\n`] },
        {
          output_type: "display_data",
          data: { "image/png": image(100_000, i + 1), "text/plain": ["<Figure size 640x480>"] },
          metadata: {},
        },
      ],
    });
  edit?.(cells);
  return `${JSON.stringify({ cells, metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } }, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

function timed(cmd, args, cwd) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", cmd, ...args], {
    cwd,
    encoding: "utf8",
  });
  const [secs, kb, user, sys] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { code: r.status, secs, kb, cpu: user + sys, stderr: r.stderr };
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const floors = nodes.map((bin) => {
  const f = [];
  for (let i = 0; i < runs; i++) f.push(timed(bin, ["-e", "0"], root));
  return `${versionOf(bin)} ${Math.round(median(f.map((r) => r.secs)) * 1000)} ms, ${Math.round(Math.max(...f.map((r) => r.kb)) / 1024)} MB`;
});
const rows = [];
for (const mb of sizesMb) {
  const dir = mkdtempSync(join(tmpdir(), "mlbranch-bench-nb-"));
  try {
    const n = Math.max(2, Math.round((mb * 1e6) / 137_000));
    writeFileSync(join(dir, "base.ipynb"), notebookOf(mb));
    writeFileSync(
      join(dir, "ours.ipynb"),
      notebookOf(mb, (cells) => {
        cells[1].source[1] = 'ax.plot(df["x"], df["y0"], color="red")\n';
        cells.splice(3, 0, {
          cell_type: "code",
          id: "ours-new",
          execution_count: null,
          metadata: {},
          source: ["df.describe()"],
          outputs: [],
        });
      }),
    );
    writeFileSync(
      join(dir, "theirs.ipynb"),
      notebookOf(mb, (cells) => {
        cells[n].source[1] = `ax.plot(df["x"], df["y${n - 1}"], ls="--")\n`;
        cells.push({ cell_type: "markdown", id: "theirs-new", metadata: {}, source: ["## Notes"] });
      }),
    );
    const inputs = ["base", "ours", "theirs"].reduce(
      (s, f) => s + statSync(join(dir, `${f}.ipynb`)).size,
      0,
    );
    const measure = (fn) => {
      const res = [];
      for (let i = 0; i < runs; i++) {
        copyFileSync(join(dir, "ours.ipynb"), join(dir, "a.ipynb"));
        const r = fn();
        if (r.code !== 0 && r.code !== 1) throw new Error(`run failed (${r.code}): ${r.stderr}`);
        res.push(r);
      }
      return {
        secs: median(res.map((r) => r.secs)),
        cpu: median(res.map((r) => r.cpu)),
        kb: Math.max(...res.map((r) => r.kb)),
        code: res[0].code,
      };
    };
    const git = measure(() =>
      timed("git", ["merge-file", "a.ipynb", "base.ipynb", "theirs.ipynb"], dir),
    );
    for (const bin of nodes) {
      const drv = measure(() =>
        timed(bin, [driver, "base.ipynb", "a.ipynb", "theirs.ipynb", "7", "report.ipynb"], dir),
      );
      if (drv.code !== 0) throw new Error("the driver reported a conflict on a clean merge");
      const target = mb <= 5 ? 0.5 : 3;
      rows.push(
        `| ${mb} MB | ${versionOf(bin)} | ${n} | ${(inputs / 1e6).toFixed(1)} MB | ${git.secs.toFixed(2)} s | ${Math.round(git.kb / 1024)} MB | ${drv.secs.toFixed(2)} s (target ${target} s) | ${drv.cpu.toFixed(2)} s | ${(drv.secs / Math.max(git.secs, 0.01)).toFixed(1)}x | ${(drv.kb / 1024).toFixed(1)} MiB | ${((drv.kb * 1024) / inputs).toFixed(2)}x (target 4x) |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  `mlbranch-ipynb vs git merge-file; median of ${runs} runs; node -e 0 (wall, peak RSS): ${floors.join("; ")}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (wall time stretches with it; CPU time less so)\n`,
);
console.log(
  "| notebook | node | image cells | three inputs | git merge-file wall | git merge-file peak RSS | driver wall | driver CPU (user+sys) | wall ratio | driver peak RSS | RSS / inputs |",
);
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) console.log(r);
