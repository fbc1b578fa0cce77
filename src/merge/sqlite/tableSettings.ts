import type { FileSettings } from "../../config/types.js";
import type { TableSettings } from "./context.js";

// Kept apart from settings.ts so the driver loads no glob matcher when there is no config.
/** One table's settings: the table's own entry over the path's, over the defaults. */
export function tableSettings(f: FileSettings, table: string): TableSettings {
  const t =
    f.tables?.[table] ??
    Object.entries(f.tables ?? {}).find(([k]) => k.toLowerCase() === table.toLowerCase())?.[1] ??
    {};
  return {
    onConflict: t.onConflict ?? f.onConflict ?? "conflict",
    // Cell-wise is the default, as in Dolt: different columns of one row changed on each side both apply.
    cellwise: t.cellwise ?? f.cellwise ?? true,
    rekey: t.rekey ?? false,
  };
}
