import { existsSync, readdirSync, readFileSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import husky from "husky";
import { CONFIG_FILE, loadConfig } from "../config/loadConfig.js";
import { runGit } from "../git/execGit.js";
import { currentBranch } from "../git/repo.js";
import { chainedHooksDir, HUSKY_PATH } from "../hooks/chainDir.js";
import { readState, removeState, writeState } from "../hooks/installState.js";
import { MlbranchError } from "../io/errors.js";
import { installMsg } from "../io/messages/install.js";
import { packageFile } from "../io/paths.js";
import { type InstallContext, readText, removeIfPresent, writeIfChanged } from "./context.js";
import { removeAttributes, writeAttributes } from "./gitattributes.js";
import { hooksIn, removeHookScripts, writeHookScripts } from "./hookScripts.js";
import { writeLeanRunner } from "./huskyRunner.js";
import { removeLintStagedConfig, writeLintStagedConfig } from "./lintStagedConfig.js";
import { ensurePackageJson, restorePackageJson } from "./packageJson.js";
import { registerDrivers, unregisterDrivers } from "./registerDrivers.js";

export { chainedHooksDir, HUSKY_PATH } from "../hooks/chainDir.js";

/** Why an install should not run here (printed, exit 0), or null. */
export function skipReason(env: NodeJS.ProcessEnv): string | null {
  if (env.HUSKY === "0") return "HUSKY=0 is set";
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

function writeConfigFile(ctx: InstallContext): void {
  const file = join(ctx.root, CONFIG_FILE);
  if (existsSync(file)) return;
  let text = readFileSync(packageFile("templates", "mlbranch.json"), "utf8").replace(
    '"$schema": "./node_modules/',
    `"$schema": "./${ctx.pkgPrefix}node_modules/`,
  );
  // A repository whose trunk is master keeps it as the branch whose mlbranch.json rules.
  if (currentBranch(ctx.root) === "master")
    text = text.replace('"defaultBranch": "main"', '"defaultBranch": "master"');
  writeIfChanged(ctx, file, text, `${CONFIG_FILE}: written from the defaults`);
}

// A Python repository rarely ignores node_modules; `git add -A` must not commit it.
function ignoreNodeModules(ctx: InstallContext): void {
  const path = `${ctx.pkgPrefix}node_modules`;
  const r = runGit(["check-ignore", "-q", "--no-index", `${path}/x`], {
    cwd: ctx.root,
    okCodes: [1],
  });
  if (r.code === 0) return;
  const file = join(ctx.root, ".gitignore");
  const text = readText(file) ?? "";
  const line = `/${path}/`;
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
  writeConfigFile(ctx);
  ignoreNodeModules(ctx);
  const config = loadConfig(ctx.root);
  const current = hooksPath(ctx.root);
  const previous = state ? state.previousHooksPath : current;
  installHusky(ctx, current);
  const chainDir = chainedHooksDir(ctx.root, ctx.commonDir, previous);
  writeHookScripts(ctx, chainDir ? hooksIn(chainDir) : []);
  writeLintStagedConfig(ctx, config);
  writeAttributes(ctx, config.files);
  registerDrivers(ctx);
  if (!state && !ctx.dryRun)
    writeState(ctx.commonDir, { version: 1, previousHooksPath: previous, ...pkg });
}

/** True when the project has mlbranch in its own node_modules (what the hooks call). */
export function locallyInstalled(ctx: InstallContext): boolean {
  return existsSync(join(ctx.pkgDir, "node_modules", "mlbranch", "package.json"));
}

/** Undo install: hooks, drivers, attributes, prepare script and core.hooksPath as they were. */
export function uninstall(ctx: InstallContext): void {
  const state = readState(ctx.commonDir);
  removeHookScripts(ctx);
  removeLintStagedConfig(ctx);
  removeAttributes(ctx);
  unregisterDrivers(ctx);
  restorePackageJson(ctx, state);
  const current = hooksPath(ctx.root);
  const previous = state?.previousHooksPath ?? null;
  if (current === HUSKY_PATH && previous !== HUSKY_PATH) {
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
