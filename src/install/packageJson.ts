import { basename, join } from "node:path";
import type { InstallState } from "../hooks/installState.js";
import { InputError } from "../io/errors.js";
import { installMsg } from "../io/messages/install.js";
import { type InstallContext, readText, rel, writeIfChanged } from "./context.js";

/** The command the prepare script runs on every `npm install`. */
export const PREPARE_COMMAND = "install-ml-hooks";

type Pkg = Record<string, unknown> & {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

function indentOf(text: string): string | number {
  const m = /^[{[]\r?\n([ \t]+)/.exec(text);
  return m ? m[1] : 2;
}

function readPkg(ctx: InstallContext): { pkg: Pkg | null; text: string | undefined } {
  const file = join(ctx.pkgDir, "package.json");
  const text = readText(file);
  if (text === undefined) return { pkg: null, text };
  try {
    return { pkg: JSON.parse(text) as Pkg, text };
  } catch (e) {
    throw new InputError(installMsg.badPackageJson(rel(ctx, file), (e as Error).message));
  }
}

/** A prepare script with the installer appended (`a && install-ml-hooks`), unchanged if present. */
export function extendPrepare(prepare: string | undefined): string {
  if (!prepare?.trim()) return PREPARE_COMMAND;
  if (prepare.includes(PREPARE_COMMAND)) return prepare;
  return `${prepare} && ${PREPARE_COMMAND}`;
}

/** Undo extendPrepare: the original script, or undefined when mlbranch created it. */
export function shrinkPrepare(prepare: string): string | undefined {
  const s = prepare.replace(` && ${PREPARE_COMMAND}`, "").replace(PREPARE_COMMAND, "").trim();
  return s || undefined;
}

/**
 * Create a minimal private package.json when absent, add mlbranch as a devDependency when it is
 * not a dependency, and extend (never replace) the prepare script. Returns what it found.
 */
export function ensurePackageJson(
  ctx: InstallContext,
  version: string,
): Pick<InstallState, "createdPackageJson" | "addedDevDependency" | "prepareBefore"> {
  const file = join(ctx.pkgDir, "package.json");
  const { pkg: found, text } = readPkg(ctx);
  const name =
    basename(ctx.pkgDir)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[._-]+/, "") || "ml-project";
  // `npm install --save-dev mlbranch` in a Python project writes a package.json without a name;
  // npm then names the lockfile's root after each clone's folder, so every teammate's install
  // rewrites package-lock.json. A name written once keeps the lockfile the same in every clone.
  const named = found !== null && typeof found.name !== "string";
  const pkg: Pkg = named ? { name, private: true, ...found } : (found ?? { name, private: true });
  if (named) {
    nameLockfile(ctx, name);
  }
  const before = {
    createdPackageJson: !found,
    addedDevDependency: !pkg.dependencies?.mlbranch && !pkg.devDependencies?.mlbranch,
    prepareBefore: pkg.scripts?.prepare ?? null,
  };
  if (before.addedDevDependency) {
    pkg.devDependencies = { ...(pkg.devDependencies ?? {}), mlbranch: `^${version}` };
  }
  pkg.scripts = { ...(pkg.scripts ?? {}), prepare: extendPrepare(pkg.scripts?.prepare) };
  const out = `${JSON.stringify(pkg, null, text ? indentOf(text) : 2)}\n`;
  if (text === undefined || JSON.stringify(JSON.parse(text)) !== JSON.stringify(pkg)) {
    writeIfChanged(
      ctx,
      file,
      out,
      found
        ? `${rel(ctx, file)}: ${[named ? `name "${pkg.name}" (npm names a nameless project after each clone's folder in package-lock.json)` : "", before.addedDevDependency ? "mlbranch devDependency" : "", pkg.scripts.prepare !== before.prepareBefore ? `prepare script "${pkg.scripts.prepare}"` : ""].filter(Boolean).join(", ")}`
        : `${rel(ctx, file)}: created (private, with mlbranch and a prepare script)`,
    );
  }
  return before;
}

// The lockfile's root names follow package.json's new name, as npm would write them.
function nameLockfile(ctx: InstallContext, name: string): void {
  const file = join(ctx.pkgDir, "package-lock.json");
  const text = readText(file);
  if (text === undefined) return;
  let lock: { name?: string; packages?: Record<string, { name?: string }> };
  try {
    lock = JSON.parse(text);
  } catch {
    return;
  }
  lock.name = name;
  const root = lock.packages?.[""];
  if (root && lock.packages) {
    const { name: _old, ...rest } = root;
    lock.packages[""] = { name, ...rest };
  }
  writeIfChanged(
    ctx,
    file,
    `${JSON.stringify(lock, null, indentOf(text))}\n`,
    `${rel(ctx, file)}: root name "${name}", as package.json`,
  );
}

/** Remove what ensurePackageJson added (the prepare addition; the dependency stays). */
export function restorePackageJson(ctx: InstallContext, state: InstallState | null): void {
  const file = join(ctx.pkgDir, "package.json");
  const { pkg, text } = readPkg(ctx);
  if (!pkg || !text) return;
  const prepare = pkg.scripts?.prepare;
  if (prepare === undefined || !prepare.includes(PREPARE_COMMAND)) return;
  const restored = state?.prepareBefore ?? shrinkPrepare(prepare);
  const scripts = { ...pkg.scripts };
  if (restored) scripts.prepare = restored;
  else delete scripts.prepare;
  const next: Pkg = { ...pkg, scripts };
  if (!Object.keys(scripts).length) delete next.scripts;
  writeIfChanged(
    ctx,
    file,
    `${JSON.stringify(next, null, indentOf(text))}\n`,
    `${rel(ctx, file)}: prepare script restored${restored ? ` to "${restored}"` : " (removed)"}`,
  );
}
