import type { Config } from "../config/types.js";
import { resolveRev } from "../git/repo.js";
import { parseJsonl } from "./records.js";
import { readAt } from "./worktree.js";

/** Which tracking record a lineage found, and how it matched. */
export type TrackingMatch = {
  match: "tag" | "commit" | "latest";
  record: Record<string, unknown>;
} | null;

/**
 * The tracking record of a tag (its tag field), else of the commit or its parent, else the
 * latest; for a tag, the fallbacks consider only records that name no tag.
 */
export function trackingRecord(
  root: string,
  config: Config,
  commit: string,
  tag: string | null,
): TrackingMatch {
  const text = readAt(root, commit, config.tracking.file);
  if (!text) return null;
  let recs = parseJsonl(text, `${commit.slice(0, 10)}:${config.tracking.file}`).map((r) => r.value);
  const byTag = tag ? recs.filter((r) => r.tag === tag).at(-1) : undefined;
  if (byTag) return { match: "tag", record: byTag };
  // A record logged for another tag is that model's, never this tag's.
  if (tag) recs = recs.filter((r) => r.tag === undefined || r.tag === null);
  const parent = resolveRev(root, `${commit}^`);
  const byCommit = recs
    .filter((r) => r.commit === commit || (parent && r.commit === parent))
    .at(-1);
  if (byCommit) return { match: "commit", record: byCommit };
  const last = recs.at(-1);
  return last ? { match: "latest", record: last } : null;
}
