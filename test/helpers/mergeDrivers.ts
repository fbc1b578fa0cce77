import { join } from "node:path";
import type { Repo } from "./withRepo.js";
import { PROJECT_ROOT } from "./withRepo.js";

/** Absolute path of a built merge-driver entry. */
export const driverEntry = (name: string) =>
  join(PROJECT_ROOT, "dist", "merge-drivers", `${name}.js`);

/** Register the built drivers in a test repository (the installer's job once it lands). */
export function registerDrivers(repo: Repo): void {
  const node = JSON.stringify(process.execPath);
  for (const d of ["jsonl", "csv", "lines", "json", "theirs"]) {
    repo.git("config", `merge.mlbranch-${d}.name`, `mlbranch ${d}`);
    repo.git(
      "config",
      `merge.mlbranch-${d}.driver`,
      `${node} ${JSON.stringify(driverEntry(d))} %O %A %B %L %P`,
    );
  }
  repo.git(
    "config",
    "diff.mlbranch-jsonl.textconv",
    `${node} ${JSON.stringify(driverEntry("jsonl-textconv"))}`,
  );
}

/** The attributes the installer writes (a subset of .gitattributes.template) plus `extra` lines. */
export const ATTRIBUTES = [
  "*.jsonl merge=mlbranch-jsonl diff=mlbranch-jsonl",
  "*.csv merge=mlbranch-csv",
  "*.tsv merge=mlbranch-csv",
  "mlruns/**/metrics/* merge=mlbranch-lines",
  "*.pt merge=mlbranch-theirs",
  "config/*.json merge=mlbranch-json",
].join("\n");

/** One JSON Lines record per run. */
export const rec = (run: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ run_id: run, loss: 0.5, ...extra })}\n`;

/** main holds `base`; branch a writes `ours`, branch b writes `theirs`; a merges b for real. */
export function mergeSides(
  repo: Repo,
  file: string,
  base: string,
  ours: string,
  theirs: string,
  config?: object,
): { code: number; stderr: string; text: string } {
  registerDrivers(repo);
  repo.write(".gitattributes", `${ATTRIBUTES}\n*.json merge=mlbranch-json\n`);
  if (config) repo.write("mlbranch.json", JSON.stringify({ version: 1, ...config }));
  repo.write(file, base);
  repo.commit("base");
  repo.git("checkout", "-q", "-b", "a");
  repo.write(file, ours);
  repo.commit("a");
  repo.git("checkout", "-q", "-b", "b", "main");
  repo.write(file, theirs);
  repo.commit("b");
  repo.git("checkout", "-q", "a");
  const r = repo.tryGit("merge", "-q", "--no-edit", "b");
  return { code: r.code, stderr: r.stderr, text: repo.read(file) };
}
