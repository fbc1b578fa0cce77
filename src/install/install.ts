import { existsSync, lstatSync, readdirSync, rmdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import husky from "husky";
import { CONFIG_FILE, loadConfig } from "../config/loadConfig.js";
import { runGit } from "../git/execGit.js";
import { currentBranch, resolveRev } from "../git/repo.js";
import { chainedHooksDir, HUSKY_PATH } from "../hooks/chainDir.js";
import { readState, removeState, writeState } from "../hooks/installState.js";
import { MlbranchError } from "../io/errors.js";
import { installMsg } from "../io/messages/install.js";
import { packageRoot } from "../io/paths.js";
import { type InstallContext, readText, removeIfPresent, writeIfChanged } from "./context.js";
import { removeAttributes, writeAttributes } from "./gitattributes.js";
import { hooksIn, removeHookScripts, userHuskyHooks, writeHookScripts } from "./hookScripts.js";
import { writeLeanRunner } from "./huskyRunner.js";
import { removeLintStagedConfig, writeLintStagedConfig } from "./lintStagedConfig.js";
import { ensurePackageJson, restorePackageJson } from "./packageJson.js";
import { registerDrivers, unregisterDrivers } from "./registerDrivers.js";

export { chainedHooksDir, HUSKY_PATH } from "../hooks/chainDir.js";

/** Why an install should not run here (printed, exit 0), or null. */
export function skipReason(env: NodeJS.ProcessEnv, driversOnly = false): string | null {
  if (env.HUSKY === "0" && !driversOnly) return "HUSKY=0 is set";
  if (env.NODE_ENV === "production" || env.npm_config_production === "true")
    return "this is a production install";
  if ((env.npm_config_omit ?? "").split(/[\s,]+/).includes("dev"))
    return "dev dependencies are omitted (--omit=dev)";
  return null;
}

/** core.hooksPath as set in this clone, or null. */
export function hooksPath(cwd: string): string | null {
  const r = runGit(["config", "--get", "core.hooksPath"], { cwd, okCodes: [1] });
  return r.code === 0 ? r.stdout.toString("utf8").trim() || null : null;
}

/** The versioned URL of the config schema, so editors complete mlbranch.json before npm install. */
export function schemaUrl(version: string): string {
  return `https://unpkg.com/mlbranch@${version}/schema/mlbranch.schema.json`;
}

// A short mlbranch.json: the defaults are implied and each key written here overrides its own.
/** core.hooksPath from the global config, or null. */
function globalHooksPath(cwd: string): string | null {
  const r = runGit(["config", "--global", "--get", "core.hooksPath"], { cwd, okCodes: [1] });
  return r.code === 0 ? r.stdout.toString("utf8").trim() || null : null;
}

// The repository's default branch: origin's HEAD, else the checked-out branch when it is no
// typed branch of the defaults (a trunk named master, trunk or develop), else null.
function trunkBranch(root: string): string | null {
  const r = runGit(["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"], {
    cwd: root,
    okCodes: [1, 128],
  });
  const origin =
    r.code === 0
      ? r.stdout
          .toString("utf8")
          .trim()
          .replace(/^origin\//, "")
      : "";
  if (origin) return origin;
  const cur = currentBranch(root);
  if (!cur || /^(raw|clean|split|monitoring)(\/|$)|^(dev|stable|ds)\//.test(cur)) return null;
  return cur;
}

/** Write mlbranch.json from the defaults when absent (never overwritten). */
export function writeConfigFile(ctx: InstallContext, version: string): void {
  const file = join(ctx.root, CONFIG_FILE);
  if (existsSync(file)) return;
  const data: Record<string, unknown> = { $schema: schemaUrl(version), version: 1 };
  // A repository whose trunk is not main (master, trunk, develop) keeps it as the branch whose
  // mlbranch.json rules, typed main: otherwise nothing could judge a new branch's history.
  const trunk = trunkBranch(ctx.root);
  if (trunk && trunk !== "main") {
    data.defaultBranch = trunk;
    if (trunk !== "master") data.types = { main: { match: ["main", "master", trunk] } };
  }
  // An existing history is the adoption baseline: what it holds (data committed on main long
  // ago) predates the rules, and pushes, the server and CI judge only what comes after it.
  const head = resolveRev(ctx.root, "HEAD");
  if (head) data.adoptedAt = head;
  writeIfChanged(
    ctx,
    file,
    `${JSON.stringify(data, null, 2)}\n`,
    `${CONFIG_FILE}: written (the defaults apply; add only what differs, see mlbranch explain)${
      trunk && trunk !== "main" ? `; defaultBranch: ${trunk}, this repository's default branch` : ""
    }${head ? `; adoptedAt: ${head.slice(0, 10)}, the history before mlbranch (not judged again)` : ""}`,
  );
}

// A Python repository rarely ignores node_modules; `git add -A` must not commit it. A symlinked
// node_modules (monorepos, some package managers) is a file to git: "/node_modules/" would not
// match it, and git refuses to look at paths beyond it.
function ignoreNodeModules(ctx: InstallContext): void {
  const path = `${ctx.pkgPrefix}node_modules`;
  let link = false;
  try {
    link = lstatSync(join(ctx.root, path)).isSymbolicLink();
  } catch {
    // absent: ignore it as a folder
  }
  const r = runGit(["check-ignore", "-q", "--no-index", link ? path : `${path}/x`], {
    cwd: ctx.root,
    okCodes: [1, 128],
  });
  if (r.code === 0) return;
  const file = join(ctx.root, ".gitignore");
  const text = readText(file) ?? "";
  const line = link ? `/${path}` : `/${path}/`;
  writeIfChanged(
    ctx,
    file,
    `${text}${text && !text.endsWith("\n") ? "\n" : ""}${line}\n`,
    `.gitignore: ${line} added`,
  );
}

function installHusky(ctx: InstallContext, current: string | null): void {
  const ready = current === HUSKY_PATH && existsSync(join(ctx.root, HUSKY_PATH, "h"));
  if (!ready) ctx.changes.push(`core.hooksPath: ${HUSKY_PATH} (husky)`);
  if (ctx.dryRun) return;
  const cwd = process.cwd();
  process.chdir(ctx.root); // husky works on the current directory
  try {
    const err = husky(".husky");
    if (err) throw new MlbranchError(installMsg.huskyFailed(err));
    writeLeanRunner(".husky");
  } finally {
    process.chdir(cwd);
  }
}

/** Install hooks, drivers, attributes, config and package.json entries; idempotent. */
export function install(ctx: InstallContext, version: string): void {
  const state = readState(ctx.commonDir);
  const pkg = ensurePackageJson(ctx, version);
  writeConfigFile(ctx, version);
  ignoreNodeModules(ctx);
  const config = loadConfig(ctx.root);
  const current = hooksPath(ctx.root);
  let previous = state ? state.previousHooksPath : current;
  // A global core.hooksPath set after the first install: ours (local) hides it, so chain it.
  const global = globalHooksPath(ctx.root);
  if (state && previous === null && global && global !== HUSKY_PATH) {
    previous = global;
    ctx.changes.push(`${global} (global core.hooksPath, set since the last install): chained`);
    if (!ctx.dryRun) writeState(ctx.commonDir, { ...state, previousHooksPath: global });
  }
  installHusky(ctx, current);
  const chainDir = chainedHooksDir(ctx.root, ctx.commonDir, previous);
  writeHookScripts(ctx, chainDir ? hooksIn(chainDir) : []);
  writeLintStagedConfig(ctx, config);
  writeAttributes(ctx, config.files);
  registerDrivers(ctx);
  if (!state && !ctx.dryRun)
    writeState(ctx.commonDir, { version: 1, previousHooksPath: previous, ...pkg });
}

/**
 * Merge drivers only (`mlbranch init --drivers-only`): mlbranch.json, the .gitattributes block
 * and the drivers in this clone's git config; no hooks, no package.json. For teams whose hooks
 * the pre-commit framework manages (mlbranch from .pre-commit-hooks.yaml). Without mlbranch in
 * node_modules the drivers point at this copy of the package.
 */
export function installDriversOnly(ctx: InstallContext, version: string): void {
  writeConfigFile(ctx, version);
  const config = loadConfig(ctx.root);
  writeAttributes(ctx, config.files);
  registerDrivers(ctx, locallyInstalled(ctx) ? undefined : packageRoot());
}

/** True when the project has mlbranch in its own node_modules (what the hooks call). */
export function locallyInstalled(ctx: InstallContext): boolean {
  const has = (dir: string) => existsSync(join(dir, "node_modules", "mlbranch", "package.json"));
  if (has(ctx.pkgDir)) return true;
  // A linked worktree's hooks and drivers use the main worktree's install when it has none.
  const main = dirname(ctx.commonDir);
  return main !== ctx.root && has(join(main, relative(ctx.root, ctx.pkgDir)));
}

/** Undo install: hooks, drivers, attributes, prepare script and core.hooksPath as they were. */
export function uninstall(ctx: InstallContext): void {
  const state = readState(ctx.commonDir);
  // husky adopted after mlbranch: its hooks need .husky/_ to stay in force.
  const userHusky = userHuskyHooks(ctx.root);
  removeHookScripts(ctx);
  removeLintStagedConfig(ctx);
  removeAttributes(ctx);
  unregisterDrivers(ctx);
  restorePackageJson(ctx, state);
  const current = hooksPath(ctx.root);
  const previous = state?.previousHooksPath ?? null;
  if (current === HUSKY_PATH && previous !== HUSKY_PATH && userHusky.length)
    ctx.changes.push(
      `core.hooksPath: kept at ${HUSKY_PATH} (husky runs your .husky/${userHusky.join(", .husky/")})`,
    );
  else if (current === HUSKY_PATH && previous !== HUSKY_PATH) {
    ctx.changes.push(
      previous
        ? `core.hooksPath: restored to ${previous}`
        : "core.hooksPath: unset (.git/hooks runs again)",
    );
    if (!ctx.dryRun) {
      // Unset ours; a path from the global config then applies again by itself.
      runGit(["config", "--local", "--unset", "core.hooksPath"], { cwd: ctx.root, okCodes: [5] });
      if (previous && hooksPath(ctx.root) !== previous)
        runGit(["config", "--local", "core.hooksPath", previous], { cwd: ctx.root });
    }
    removeIfPresent(ctx, join(ctx.root, HUSKY_PATH), `${HUSKY_PATH}: removed`);
    const dir = join(ctx.root, ".husky");
    if (!ctx.dryRun && existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  }
  if (!ctx.dryRun) removeState(ctx.commonDir);
}
