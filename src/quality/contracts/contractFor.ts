import { matchesAny } from "../../config/globs.js";
import type { Config } from "../../config/types.js";

/** The Table Schema path mlbranch.json names for a repository path (files[glob].tableSchema). */
export function tableSchemaFor(config: Config, path: string): string | undefined {
  for (const [glob, s] of Object.entries(config.files))
    if (s.tableSchema && matchesAny(path, [glob])) return s.tableSchema;
  return undefined;
}

/** Globs of files that have a Table Schema, by schema path. */
export function contractGlobs(config: Config): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [glob, s] of Object.entries(config.files))
    if (s.tableSchema) out.set(s.tableSchema, [...(out.get(s.tableSchema) ?? []), glob]);
  return out;
}
