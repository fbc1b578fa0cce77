import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_FILE, loadConfig, parseConfig } from "../config/loadConfig.js";
import type { Config } from "../config/types.js";
import { runGit } from "../git/execGit.js";
import { ConfigError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";

// Refs do not move while a hook runs: each is asked once per process.
const seen = new Map<string, boolean>();
function refExists(cwd: string, ref: string): boolean {
  const key = `${cwd}\0${ref}`;
  let ok = seen.get(key);
  if (ok === undefined) {
    const r = runGit(["rev-parse", "-q", "--verify", `${ref}^{commit}`], {
      cwd,
      okCodes: [1, 128],
    });
    ok = r.code === 0;
    seen.set(key, ok);
  }
  return ok;
}

/**
 * pre-push: the rules as the remote's default branch has them before this push
 * (refs/remotes/<remote>/<defaultBranch>), never the commits being pushed. A remote that has no
 * default branch yet has no rules of its own: the work tree's mlbranch.json applies.
 */
export function clientPushConfig(root: string, remote: string): Config {
  const local = loadConfig(root);
  const ref = `refs/remotes/${remote}/${local.defaultBranch}`;
  if (!refExists(root, ref)) return local;
  const config = loadConfig(root, { rev: ref });
  const named = `refs/remotes/${remote}/${config.defaultBranch}`;
  return { ...config, attributesRev: refExists(root, named) ? named : ref };
}

/**
 * pre-receive: an admin's mlbranch.json in the bare repository wins; otherwise the default
 * branch's as it is before the push (pre-receive runs before any ref moves); else the defaults.
 * Record paths (.gitattributes) come from the default branch before the push too.
 */
export function serverPushConfig(gitDir: string): Config {
  const admin = join(gitDir, CONFIG_FILE);
  if (existsSync(admin)) {
    const { config, errors } = parseConfig(readFileSync(admin, "utf8"), admin);
    if (!config) throw new ConfigError(msg.configInvalid(admin, errors), errors);
    const named = `refs/heads/${config.defaultBranch}`;
    return refExists(gitDir, named) ? { ...config, attributesRev: named } : config;
  }
  const head = runGit(["symbolic-ref", "-q", "HEAD"], { cwd: gitDir, okCodes: [1, 128] });
  const headRef = head.stdout.toString("utf8").trim() || "refs/heads/main";
  const from = refExists(gitDir, headRef) ? headRef : "refs/heads/main";
  let config = loadConfig(gitDir, { rev: from });
  const named = `refs/heads/${config.defaultBranch}`;
  if (named !== from && refExists(gitDir, named)) config = loadConfig(gitDir, { rev: named });
  for (const ref of [named, headRef])
    if (refExists(gitDir, ref)) return { ...config, attributesRev: ref };
  return config;
}
