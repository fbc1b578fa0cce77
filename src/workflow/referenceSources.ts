import { parseReference } from "../config/referenceSpec.js";
import type { Config } from "../config/types.js";
import { absoluteRepo, cacheDirOf, cachedRevs } from "../git/referenceCache.js";

/** Where one branch type's monitoring references come from (another repository). */
export interface ReferenceSource {
  type: string;
  reference: string;
  repo: string;
  /** The cache repository under the git directory. */
  cache: string;
  /** Tags (revisions) already fetched there: later checks need no network for them. */
  cached: string[];
}

/** The monitor references of `config` that name another repository, with their cache state. */
export function referenceSources(root: string, config: Config): ReferenceSource[] {
  const out: ReferenceSource[] = [];
  for (const [type, t] of Object.entries(config.types)) {
    const ref = (t.monitor as { reference?: unknown } | undefined)?.reference;
    if (typeof ref !== "string") continue;
    const r = parseReference(ref);
    if (typeof r === "string" || r.repo === null) continue;
    const cache = cacheDirOf(root, absoluteRepo(root, r.repo));
    out.push({ type, reference: ref, repo: r.repo, cache, cached: cachedRevs(cache) });
  }
  return out;
}

/** Lines for `mlbranch status`: one block per reference in another repository. */
export function formatReferenceSources(list: ReferenceSource[]): string[] {
  return list.flatMap((s) => [
    `monitoring reference (type ${s.type}): ${s.reference}`,
    `  repository: ${s.repo}`,
    `  cache: ${s.cache}`,
    `  cached: ${s.cached.length ? s.cached.join(", ") : "nothing yet (the first monitoring commit for a tag fetches it; offline, that check is skipped)"}`,
  ]);
}
