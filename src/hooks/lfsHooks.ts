import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { attributesMention, lfsInUse, RUNS_LFS } from "../git/lfs.js";
import { EXIT } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { hookMsg } from "../io/messages/hooks.js";
import { LFS_HOOKS } from "./hookNames.js";

const OUR_BLOCK = /# >>> mlbranch[^\n]*\n[\s\S]*?# <<< mlbranch\n?/;

function mentionsLfs(path: string | null, stripOurs = false): boolean {
  if (!path || !existsSync(path)) return false;
  const text = readFileSync(path, "utf8");
  return RUNS_LFS.test(stripOurs ? text.replace(OUR_BLOCK, "") : text);
}

/**
 * Run `git lfs <hook>` as LFS's own hook would, unless a hook that runs after ours already does
 * (the chained one, e.g. LFS's in .git/hooks, or the user's lines in .husky/<hook>). Git LFS's
 * installer refuses to replace mlbranch's hooks, so without this a push sends pointers with no
 * objects. Returns the exit code (a missing git-lfs refuses a push, as LFS's hook does).
 */
export function runLfsHook(
  root: string,
  name: string,
  args: string[],
  opts: { input?: string; chained: string | null; io: Io },
): number {
  if (!LFS_HOOKS.has(name) || opts.io.env.MLBRANCH_SKIP_LFS_HOOKS === "1") return EXIT.ok;
  if (mentionsLfs(opts.chained) || mentionsLfs(join(root, ".husky", name), true)) return EXIT.ok;
  // LFS's post-* hooks only make `lockable` files read-only: nothing to do without any.
  if (name.startsWith("post-") && !attributesMention(root, "lockable")) return EXIT.ok;
  if (!lfsInUse(root)) return EXIT.ok;
  const r = spawnSync("git-lfs", [name, ...args], {
    cwd: root,
    input: opts.input,
    stdio: [opts.input === undefined ? "inherit" : "pipe", "inherit", "inherit"],
    env: opts.io.env,
  });
  if (r.error) {
    opts.io.err(hookMsg.lfsMissing(name));
    return name === "pre-push" ? EXIT.usage : EXIT.ok;
  }
  return r.status ?? 1;
}
