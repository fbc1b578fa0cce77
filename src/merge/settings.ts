import { existsSync } from "node:fs";
import { join } from "node:path";
import { matchesAny } from "../config/globs.js";
import { CONFIG_FILE, defaultConfigData, loadConfig } from "../config/loadConfig.js";
import type { FileSettings } from "../config/types.js";

/** The merge settings for a path: every matching `files` entry of mlbranch.json, later ones win. */
export function settingsFor(files: Record<string, FileSettings>, path: string): FileSettings {
  let out: FileSettings = {};
  for (const [glob, s] of Object.entries(files))
    if (matchesAny(path, [glob])) out = { ...out, ...s };
  return out;
}

/** Settings for a path from the repository's mlbranch.json (working tree; defaults when absent). */
export function repoSettingsFor(cwd: string, path: string): FileSettings {
  // Without a config file the shipped defaults apply; skipping their validation saves startup time.
  if (!existsSync(join(cwd, CONFIG_FILE)))
    return settingsFor((defaultConfigData().files ?? {}) as Record<string, FileSettings>, path);
  return settingsFor(loadConfig(cwd).files, path);
}
