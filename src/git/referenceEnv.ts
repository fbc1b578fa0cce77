import { join } from "node:path";
import { runGit } from "./execGit.js";

// Kept from the caller's environment: how to reach a server (ssh, proxies, credentials helpers
// read their own config) and tracing. Everything else named GIT_* belongs to the caller's
// repository (a hook's GIT_DIR, GIT_INDEX_FILE, a pre-receive's quarantine) and would misdirect.
const KEEP =
  /^GIT_(SSH|SSH_COMMAND|SSH_VARIANT|ASKPASS|CONFIG_GLOBAL|CONFIG_NOSYSTEM|TRACE.*|CURL_VERBOSE|HTTP_.*|PROXY_.*|ALLOW_PROTOCOL|PROTOCOL_FROM_USER|LFS_.*|EXEC_PATH)$/;

/** The environment for git in the reference cache: the caller's repository variables removed. */
export function cacheEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith("GIT_") || KEEP.test(k)) out[k] = v;
  // A hook must never wait for a password nor a host-key question.
  out.GIT_TERMINAL_PROMPT = "0";
  out.GIT_SSH_COMMAND ??= "ssh -o BatchMode=yes -o ConnectTimeout=15";
  out.GIT_LFS_SKIP_SMUDGE = "0";
  return out;
}

/** Overlay for git commands run by others (table readers) in the cache: its own git directory. */
export function cacheOverlay(dir: string): Record<string, string> {
  return { GIT_DIR: dir, GIT_OBJECT_DIRECTORY: join(dir, "objects"), GIT_TERMINAL_PROMPT: "0" };
}

/**
 * The caller's `url.<base>.insteadOf` settings, passed on: a server or CI points the model
 * repository's URL at a local mirror in its own git config, and the cache fetches from there.
 */
export function mirrorArgs(cwd: string): string[] {
  const r = runGit(["config", "--get-regexp", "^url\\..*\\.insteadof$"], { cwd, okCodes: [1] });
  const out: string[] = [];
  for (const line of r.stdout.toString("utf8").split("\n")) {
    const sp = line.indexOf(" ");
    if (sp < 0) continue;
    const base = line.slice(4, sp - ".insteadof".length);
    out.push("-c", `url.${base}.insteadOf=${line.slice(sp + 1)}`);
  }
  return out;
}
