import { branchMatches } from "../config/globs.js";
import type { BranchType, Config } from "../config/types.js";

/** A branch's type name and rules, or null when it matches no type. */
export function resolveBranchType(
  config: Config,
  branch: string,
): { name: string; type: BranchType } | null {
  for (const [name, type] of Object.entries(config.types)) {
    if (branchMatches(branch, type.match)) return { name, type };
  }
  return null;
}
