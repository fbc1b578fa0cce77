import type { Config } from "../config/types.js";
import { pushMsg } from "../io/messages/push.js";
import type { CheckResult } from "../policy/engine.js";
import { refViolation } from "./refHelpers.js";
import { isZero, type RefUpdate } from "./refUpdates.js";
import { tagRegExp } from "./tagPattern.js";

/** The branch type whose tagPattern a tag name fits (any branch), or null. */
export function releaseType(config: Config, tag: string): string | null {
  for (const [name, t] of Object.entries(config.types))
    if (t.tagPattern && tagRegExp(t.tagPattern).test(tag)) return name;
  return null;
}

/**
 * A release tag (one that fits a type's tagPattern) that the receiver already has may not be
 * moved or deleted: it is what a customer pulls. Creating one is judged by checkTag. Off with
 * `"immutableTags": false` in mlbranch.json. Null when the update is fine.
 */
export function checkReleaseMove(config: Config, u: RefUpdate): CheckResult | null {
  if (config.immutableTags === false || isZero(u.oldSha) || u.oldSha === u.newSha) return null;
  const tag = u.ref.slice("refs/tags/".length);
  const type = releaseType(config, tag);
  if (!type) return null;
  const m = isZero(u.newSha)
    ? pushMsg.releaseDeleted(tag, type)
    : pushMsg.releaseMoved(tag, type, u.oldSha);
  const branch = `tags/${tag}`;
  return {
    branch,
    type,
    commits: 0,
    violations: [refViolation("immutable-tags", branch, type, m)],
    warnings: [],
  };
}
