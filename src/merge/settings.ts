import { loadConfig } from "../config/loadConfig.js";
import type { FileSettings } from "../config/types.js";
import { matchesAny } from "../policy/globs.js";

/** The merge settings for a path: every matching `files` entry of mlbranch.json, later ones win. */
export function settingsFor(files: Record<string, FileSettings>, path: string): FileSettings {
  let out: FileSettings = {};
  for (const [glob, s] of Object.entries(files))
    if (matchesAny(path, [glob])) out = { ...out, ...s };
  return out;
}

/** Settings for a path from the repository's mlbranch.json (working tree; defaults when absent). */
export function repoSettingsFor(cwd: string, path: string): FileSettings {
  return settingsFor(loadConfig(cwd).files, path);
}
