import { readConfigText } from "../config/loadConfig.js";
import type { Config } from "../config/types.js";
import { resolveRev } from "../git/repo.js";
import type { PushSide } from "./pushSide.js";
import { has, isAncestor } from "./refHelpers.js";

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function pushedBaseline(cwd: string, tip: string): string | null {
  const text = readConfigText(cwd, tip);
  if (text === undefined) return null;
  try {
    const v = (JSON.parse(text.replace(/^\uFEFF/, "")) as { adoptedAt?: unknown }).adoptedAt;
    return typeof v === "string" && SHA.test(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * The adoption baseline a push is judged with: commits it contains existed before mlbranch was
 * adopted and are not judged (rev-list's `^<baseline>`), everything after it is. Read from the
 * rules in force (the receiver's default branch, or the admin's config). A receiver without a
 * default branch or an admin's config has no rules of its own: a push that brings the default
 * branch brings its baseline, taken only when that branch contains it (the commit that wrote it
 * was judged by config-change, which refuses a baseline the branch did not already have). Null
 * when there is none, or when this repository lacks the commit (everything is judged then).
 */
export function adoptionBaseline(
  cwd: string,
  config: Config,
  pushed: ReadonlyMap<string, string>,
  side: PushSide,
): string | null {
  let baseline = config.adoptedAt ?? null;
  const pushedDefault = pushed.get(`refs/heads/${config.defaultBranch}`);
  // Only where no mlbranch.json is in force (an admin's in the bare repository decides alone).
  const none = config.source === "defaults";
  if (
    !baseline &&
    none &&
    pushedDefault &&
    !resolveRev(cwd, side.receiverRef(config.defaultBranch))
  ) {
    const b = pushedBaseline(cwd, pushedDefault);
    if (b && has(cwd, b) && isAncestor(cwd, b, pushedDefault)) baseline = b;
  }
  return baseline && has(cwd, baseline) ? baseline : null;
}
