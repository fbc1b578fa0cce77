import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { attributesBlock, lfsLines, mergeAttributes } from "../config/attributes.js";
import { loadConfig } from "../config/loadConfig.js";
import { runGit } from "../git/execGit.js";
import type { Io } from "../io/io.js";
import { hookMsg } from "../io/messages/hooks.js";

/**
 * pre-commit, when .gitattributes is staged: `git lfs track` run after install-ml-hooks rewrote a
 * line of our block (or added one after it) with merge=lfs, so those model files lost the theirs
 * driver. Put our block back last with filter=lfs kept, and stage it, when the staged file is
 * the one in the work tree (a partly staged .gitattributes is left alone with a warning).
 */
export function fixLfsTrackedAttributes(root: string, io: Io): void {
  const file = join(root, ".gitattributes");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return;
  }
  if (!text.includes("# >>> mlbranch") || !lfsLines(text).size) return;
  const next = mergeAttributes(text, attributesBlock(loadConfig(root).files));
  if (next === text) return;
  const partly = runGit(["diff", "--quiet", "--", ".gitattributes"], { cwd: root, okCodes: [1] });
  if (partly.code !== 0) {
    io.err(hookMsg.attributesNotFixed());
    return;
  }
  writeFileSync(file, next);
  runGit(["add", "--", ".gitattributes"], { cwd: root });
  io.err(hookMsg.attributesFixed());
}
