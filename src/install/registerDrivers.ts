import { runGit } from "../git/execGit.js";
import { DRIVERS, mergeCommand } from "../merge/drivers.js";
import type { InstallContext } from "./context.js";

/**
 * The git config entries for every driver. Git runs merge drivers and textconv from the top of
 * the work tree, so a root-relative entry path works anywhere in the clone and after a move.
 */
export function driverConfig(
  pkgPrefix: string,
  pkgPath?: string,
  where?: { shellWord: string; fix: string },
): [string, string][] {
  const base = pkgPath ?? `${pkgPrefix}node_modules/mlbranch`;
  const at = where?.shellWord ?? (/[\s"'$\\]/.test(base) ? JSON.stringify(base) : base);
  const entry = (p: string) => `node ${at}/${p}`;
  const out: [string, string][] = [];
  for (const d of DRIVERS) {
    out.push([`merge.${d.name}.name`, d.description]);
    out.push([`merge.${d.name}.driver`, mergeCommand(`${at}/${d.mergeEntry}`, "node", where?.fix)]);
    if (d.textconvEntry) out.push([`diff.${d.name}.textconv`, entry(d.textconvEntry)]);
  }
  return out;
}

function get(cwd: string, key: string): string | null {
  const r = runGit(["config", "--local", "--get", key], { cwd, okCodes: [1] });
  return r.code === 0 ? r.stdout.toString("utf8").replace(/\n$/, "") : null;
}

/** Set each driver's config in this clone (local config) where it differs. */
export function registerDrivers(
  ctx: InstallContext,
  pkgPath?: string,
  where?: { shellWord: string; fix: string },
): void {
  const changed: string[] = [];
  for (const [key, value] of driverConfig(ctx.pkgPrefix, pkgPath, where)) {
    if (get(ctx.root, key) === value) continue;
    changed.push(key.split(".")[1]);
    if (!ctx.dryRun) runGit(["config", "--local", key, value], { cwd: ctx.root });
  }
  if (changed.length)
    ctx.changes.push(`git config: registered drivers ${[...new Set(changed)].join(", ")}`);
}

/** Remove every driver's config section from this clone. */
export function unregisterDrivers(ctx: InstallContext): void {
  const removed: string[] = [];
  for (const d of DRIVERS) {
    for (const section of [`merge.${d.name}`, `diff.${d.name}`]) {
      const r = runGit(
        ["config", "--local", "--get-regexp", `^${section.replace(/\./g, "\\.")}\\.`],
        {
          cwd: ctx.root,
          okCodes: [1],
        },
      );
      if (r.code !== 0) continue;
      removed.push(section);
      if (!ctx.dryRun)
        runGit(["config", "--local", "--remove-section", section], {
          cwd: ctx.root,
          okCodes: [128],
        });
    }
  }
  if (removed.length) ctx.changes.push(`git config: removed ${removed.join(", ")}`);
}
