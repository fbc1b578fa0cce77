import { branchMatches } from "./globs.js";
import type { BranchType, Config } from "./types.js";

/** A branch's type name and rules, or null when it matches no type (first matching type wins). */
export function resolveBranchType(
  config: Config,
  branch: string,
): { name: string; type: BranchType } | null {
  for (const [name, type] of Object.entries(config.types)) {
    if (branchMatches(branch, type.match)) return { name, type };
  }
  return null;
}
