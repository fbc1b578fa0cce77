import type { Config, FileSettings } from "../../config/types.js";
import { matchesAny } from "../../policy/globs.js";
import type { TableSettings } from "./context.js";

/** The `files` settings that apply to a path: every matching glob, later entries winning. */
export function fileSettingsFor(config: Pick<Config, "files"> | null, path: string): FileSettings {
  const out: FileSettings = {};
  for (const [glob, s] of Object.entries(config?.files ?? {})) {
    if (!matchesAny(path, [glob])) continue;
    Object.assign(out, s, { tables: { ...out.tables, ...s.tables } });
  }
  return out;
}

/** One table's settings: the table's own entry over the path's, over the defaults. */
export function tableSettings(f: FileSettings, table: string): TableSettings {
  const t =
    f.tables?.[table] ??
    Object.entries(f.tables ?? {}).find(([k]) => k.toLowerCase() === table.toLowerCase())?.[1] ??
    {};
  return {
    onConflict: t.onConflict ?? f.onConflict ?? "conflict",
    cellwise: t.cellwise ?? f.cellwise ?? false,
    rekey: t.rekey ?? false,
  };
}
