import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { runGit } from "../git/execGit.js";
import { EXIT, UsageError } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { installMsg } from "../io/messages/install.js";
import { packageFile } from "../io/paths.js";
import { GITLAB_HOOK, writeGitlabTarball } from "./gitlabTarball.js";
import { detectHost, isGiteaHook, type ServerHost } from "./serverHost.js";
import { copyPackage, hookEntry, runningVersion, sameBuild } from "./serverPackage.js";

/** The marker that tells our pre-receive from one that was there before. */
export const SERVER_MARKER = "# mlbranch pre-receive";

/** What `mlbranch init --server` was asked for. */
export interface ServerOptions {
  dryRun: boolean;
  /** git | gitea | gitlab; detected from the repository when absent. */
  host?: ServerHost;
  /** Where mlbranch's own copy goes (default <bare>/mlbranch). */
  installDir?: string;
  /** The node the hook runs (default the one running this install). */
  node?: string;
  /** Seconds the server check may take (MLBRANCH_TIME_BUDGET); "0" for no limit. */
  timeBudget?: string;
  /** LFS store folders of the host (MLBRANCH_LFS_STORE), e.g. Gitea's data/lfs. */
  lfsStores?: string[];
  /** GitLab: where to write the custom_hooks tarball (default ./mlbranch-custom_hooks.tar). */
  tarball?: string;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// Inside the template's double quotes: what the shell would expand is escaped.
const dq = (s: string) => s.replace(/[\\"$`]/g, "\\$&");

/** templates/pre-receive with the node, the hook entry and the settings filled in. */
export function preReceiveScript(
  node: string,
  entry: string,
  env: Record<string, string> = {},
): string {
  const lines = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}\nexport ${k}`);
  return readFileSync(packageFile("templates", "pre-receive"), "utf8")
    .replace("@NODE@", () => dq(node))
    .replace("@MLBRANCH_HOOK@", () => dq(entry))
    .replace("@ENV@\n", () => (lines.length ? `${lines.join("\n")}\n` : ""));
}

function bareGitDir(dir: string): string {
  const r = runGit(["rev-parse", "--is-bare-repository", "--absolute-git-dir"], {
    cwd: dir,
    okCodes: [128],
  });
  const [isBare, gitDir] = r.stdout.toString("utf8").trim().split("\n");
  if (r.code !== 0 || isBare !== "true" || !gitDir) throw new UsageError(installMsg.notBare(dir));
  return gitDir;
}

function hookEnv(opts: ServerOptions): Record<string, string> {
  const env: Record<string, string> = {};
  if (opts.timeBudget !== undefined) {
    const s = Number(opts.timeBudget);
    if (!Number.isFinite(s) || s < 0) throw new UsageError(installMsg.badBudget(opts.timeBudget));
    env.MLBRANCH_TIME_BUDGET = String(s);
  }
  if (opts.lfsStores?.length) env.MLBRANCH_LFS_STORE = opts.lfsStores.join(delimiter);
  return env;
}

function writeHook(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/**
 * `mlbranch init --server <bare>`: copy mlbranch into the repository (or --install-dir) and
 * install the hook where the host keeps hooks: plain git's hooks/pre-receive (an older one
 * chained as pre-receive.pre-mlbranch), Gitea's hooks/pre-receive.d/ (its dispatcher and
 * pre-receive.d/gitea untouched), GitLab's custom_hooks tarball for `gitaly hooks set`.
 */
export function installServer(dir: string, io: Io, opts: ServerOptions): number {
  const gitDir = bareGitDir(resolve(io.cwd, dir));
  const host = opts.host ?? detectHost(gitDir);
  const installDir = resolve(io.cwd, opts.installDir ?? join(gitDir, "mlbranch"));
  const node = opts.node ?? process.execPath;
  const script = preReceiveScript(node, hookEntry(installDir), hookEnv(opts));
  const version = runningVersion();
  const packageCurrent = sameBuild(installDir);
  const hooks = join(gitDir, "hooks");
  const done: string[] = [];

  if (host === "gitlab") {
    const out = resolve(io.cwd, opts.tarball ?? "mlbranch-custom_hooks.tar");
    if (!opts.dryRun) writeGitlabTarball(out, script, join(gitDir, "custom_hooks"));
    done.push(installMsg.wroteTarball(out, GITLAB_HOOK));
  } else {
    const hook =
      host === "gitea" ? join(hooks, "pre-receive.d", "mlbranch") : join(hooks, "pre-receive");
    const old = existsSync(hook) ? readFileSync(hook, "utf8") : undefined;
    // An older mlbranch put itself in place of Gitea's dispatcher: the dispatcher comes back.
    const main = join(hooks, "pre-receive");
    const renamed = join(hooks, "pre-receive.pre-mlbranch");
    const restore =
      host === "gitea" &&
      existsSync(main) &&
      readFileSync(main, "utf8").includes(SERVER_MARKER) &&
      isGiteaHook(renamed);
    if (old === script && packageCurrent && !restore) {
      io.out(installMsg.serverUnchanged(hook, installDir, version));
      return EXIT.ok;
    }
    const chain = host === "git" && old !== undefined && !old.includes(SERVER_MARKER);
    if (!opts.dryRun) {
      if (restore) renameSync(renamed, main);
      if (chain && !existsSync(`${hook}.pre-mlbranch`)) renameSync(hook, `${hook}.pre-mlbranch`);
    }
    if (restore) done.push(installMsg.restoredDispatcher(main));
    if (old !== script && !opts.dryRun) writeHook(hook, script);
    done.push(
      host === "gitea"
        ? installMsg.giteaHook(hook)
        : installMsg.plainHook(hook, chain || existsSync(`${hook}.pre-mlbranch`)),
    );
  }
  if (!packageCurrent && !opts.dryRun) copyPackage(installDir);
  done.push(installMsg.packageAt(installDir, version, node));
  const header = installMsg.serverHeader(gitDir, host, opts.dryRun);
  io.out([header, ...done.map((d) => `  ${d}`)].join("\n"));
  io.err(installMsg.serverUpgrade(gitDir, opts, host));
  return EXIT.ok;
}
