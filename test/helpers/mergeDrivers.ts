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
