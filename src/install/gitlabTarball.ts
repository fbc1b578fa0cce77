import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../io/errors.js";
import { installMsg } from "../io/messages/install.js";

/** Where gitaly runs a repository's pre-receive hooks from, inside the tarball and the repository. */
export const GITLAB_HOOK = join("custom_hooks", "pre-receive.d", "mlbranch");

/**
 * Write the tarball `gitaly hooks set` takes (a custom_hooks/ folder at its root), with
 * mlbranch's hook as custom_hooks/pre-receive.d/mlbranch. `hooks set` replaces the repository's
 * whole custom_hooks, so the hooks the repository already has (`existing`) go in too.
 */
export function writeGitlabTarball(out: string, script: string, existing?: string): void {
  const tmp = mkdtempSync(join(tmpdir(), "mlbranch-custom-hooks-"));
  try {
    const root = join(tmp, "custom_hooks");
    if (existing && existsSync(existing)) cpSync(existing, root, { recursive: true });
    mkdirSync(join(root, "pre-receive.d"), { recursive: true });
    const hook = join(tmp, GITLAB_HOOK);
    writeFileSync(hook, script);
    chmodSync(hook, 0o755);
    const r = spawnSync("tar", ["-cf", out, "-C", tmp, "custom_hooks"], { encoding: "utf8" });
    if (r.error || r.status !== 0)
      throw new UsageError(installMsg.tarFailed(out, r.error?.message ?? r.stderr));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
