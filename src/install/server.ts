import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runGit } from "../git/execGit.js";
import { EXIT, UsageError } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { installMsg } from "../io/messages/install.js";
import { packageFile } from "../io/paths.js";

/** The marker that tells our pre-receive from one that was there before. */
export const SERVER_MARKER = "# mlbranch pre-receive";

/** templates/pre-receive with this machine's node and mlbranch's pre-receive door filled in. */
export function preReceiveScript(): string {
  return readFileSync(packageFile("templates", "pre-receive"), "utf8")
    .replace("@NODE@", process.execPath)
    .replace("@MLBRANCH_HOOK@", packageFile("dist", "hooks", "pre-receive.js"));
}

/** `mlbranch init --server <bare>`: write hooks/pre-receive, keeping an older one chained. */
export function installServer(dir: string, io: Io, dryRun: boolean): number {
  const bare = resolve(io.cwd, dir);
  const r = runGit(["rev-parse", "--is-bare-repository", "--absolute-git-dir"], {
    cwd: bare,
    okCodes: [128],
  });
  const [isBare, gitDir] = r.stdout.toString("utf8").trim().split("\n");
  if (r.code !== 0 || isBare !== "true" || !gitDir) throw new UsageError(installMsg.notBare(bare));
  const hook = join(gitDir, "hooks", "pre-receive");
  const text = preReceiveScript();
  const old = existsSync(hook) ? readFileSync(hook, "utf8") : undefined;
  if (old === text) {
    io.out(installMsg.serverUnchanged(hook));
    return EXIT.ok;
  }
  const chain = old !== undefined && !old.includes(SERVER_MARKER);
  if (!dryRun) {
    if (chain && !existsSync(`${hook}.pre-mlbranch`)) renameSync(hook, `${hook}.pre-mlbranch`);
    writeFileSync(hook, text);
    chmodSync(hook, 0o755);
  }
  io.out(installMsg.serverInstalled(hook, chain || existsSync(`${hook}.pre-mlbranch`)));
  return EXIT.ok;
}
