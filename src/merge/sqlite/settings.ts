import { matchesAny } from "../../config/globs.js";
import type { Config, FileSettings } from "../../config/types.js";

/** The `files` settings that apply to a path: every matching glob, later entries winning. */
export function fileSettingsFor(config: Pick<Config, "files"> | null, path: string): FileSettings {
  const out: FileSettings = {};
  for (const [glob, s] of Object.entries(config?.files ?? {})) {
    if (!matchesAny(path, [glob])) continue;
    Object.assign(out, s, { tables: { ...out.tables, ...s.tables } });
  }
  return out;
}
