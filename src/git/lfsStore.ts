import { existsSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { runGit } from "./execGit.js";

const stores = new Map<string, string[]>();

/**
 * The LFS stores a bare (server) repository can answer from: git-lfs's own `<repo>/lfs/objects`
 * and each folder named by MLBRANCH_LFS_STORE (set in the hook by `init --server --lfs-store`) or
 * `mlbranch.lfsStore` in git config (Gitea's `data/lfs`, GitLab's `shared/lfs-objects`; the
 * repository's, the system's or the server user's config). Empty outside a bare repository
 * or when none exists: then the server cannot tell a pointer to nothing from a real one.
 */
export function serverLfsStores(cwd: string, env: NodeJS.ProcessEnv = process.env): string[] {
  let out = stores.get(cwd);
  if (out) return out;
  out = [];
  const bare = runGit(["rev-parse", "--is-bare-repository", "--absolute-git-dir"], {
    cwd,
    okCodes: [128],
  });
  const [isBare, gitDir] = bare.stdout.toString("utf8").trim().split("\n");
  if (bare.code === 0 && isBare === "true" && gitDir) {
    const cfg = runGit(["config", "--get-all", "mlbranch.lfsStore"], { cwd, okCodes: [1] });
    const named = [
      ...(env.MLBRANCH_LFS_STORE ?? "").split(delimiter),
      ...cfg.stdout.toString("utf8").split("\n"),
    ].filter(Boolean);
    const candidates = [
      join(gitDir, "lfs", "objects"),
      ...named.map((p) => (isAbsolute(p) ? p : resolve(gitDir, p))),
    ];
    out = candidates.filter((d) => existsSync(d));
  }
  stores.set(cwd, out);
  return out;
}

/**
 * True when an LFS store folder holds the object: git-lfs names it `ab/cd/<oid>`, Gitea and
 * GitLab `ab/cd/<oid without its first 4 characters>`.
 */
export function inLfsStore(store: string, oid: string): boolean {
  const dir = join(store, oid.slice(0, 2), oid.slice(2, 4));
  return existsSync(join(dir, oid)) || existsSync(join(dir, oid.slice(4)));
}
