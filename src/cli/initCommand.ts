import { readFileSync } from "node:fs";
import { runGit } from "../git/execGit.js";
import { installContext } from "../install/context.js";
import {
  install,
  installDriversOnly,
  locallyInstalled,
  skipReason,
  uninstall,
} from "../install/install.js";
import { installServer } from "../install/server.js";
import { sqliteEngineNote } from "../install/sqliteEngineNote.js";
import { EXIT, MlbranchError, UsageError } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { installMsg } from "../io/messages/install.js";
import { packageFile } from "../io/paths.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: install-ml-hooks [options]
       mlbranch init [options]
       mlbranch init --server <bare-repo> [server options]

Set up this clone: git hooks (husky, in .husky/), merge and diff drivers (git config and
.gitattributes), mlbranch.json (when absent), lint-staged checks of staged data files, and
package.json (created when absent, mlbranch as a devDependency, a prepare script that re-runs
this on every npm install). Hooks that were there (.git/hooks, an earlier core.hooksPath,
your .husky lines) keep running after mlbranch's. Run it again any time: it changes only what
differs.

  --drivers-only         only the merge drivers, .gitattributes and mlbranch.json, no hooks
                         (hooks managed by the pre-commit framework: see .pre-commit-hooks.yaml)
  --dry-run              say what would change, write nothing
  --uninstall            remove what mlbranch added and restore the hooks that were there
  --package-dir <dir>    the folder with package.json and node_modules when it is not the
                         repository root (default: the nearest package.json from here up)
  --server <bare-repo>   install the pre-receive hook into a server-side bare repository,
                         with mlbranch's own copy (the hook needs nothing but node after)

Server options (with --server; see docs/hooks-and-server.md "Self-hosted servers"):
  --host <git|gitea|gitlab>  the hook layout (default: detected from the repository)
  --install-dir <dir>    where mlbranch's copy goes (default <bare-repo>/mlbranch); one
                         folder such as /opt/mlbranch can serve every repository
  --node <path>          the node the hook runs (default: the one running this command)
  --time-budget <s>      refuse, with a message, a push not judged within <s> seconds
                         (default none; 4.5 on GitHub Enterprise Server, which stops at 5)
  --lfs-store <dir>      the host's LFS store (Gitea data/lfs, GitLab shared/lfs-objects),
                         checked for pushed LFS pointers; repeatable
  --tarball <file>       GitLab: where to write the custom_hooks tarball for gitaly hooks set
                         (default ./mlbranch-custom_hooks.tar)
  -h, --help             this help

Skips (prints why, exit 0) with HUSKY=0 or in a production install; inside npm's prepare
script it never fails the install.

Examples:
  npm install --save-dev mlbranch && npx install-ml-hooks
  npx install-ml-hooks --package-dir tools
  npx install-ml-hooks --uninstall
  npx mlbranch init --drivers-only
  npx mlbranch init --server /srv/git/project.git
  npx mlbranch init --server /var/lib/gitea/repos/team/p.git --lfs-store /var/lib/gitea/data/lfs
  npx mlbranch@latest init --server /srv/git/project.git      # upgrade`;

function version(): string {
  return JSON.parse(readFileSync(packageFile("package.json"), "utf8")).version;
}

function insideRepo(cwd: string): boolean {
  return runGit(["rev-parse", "--show-toplevel"], { cwd, okCodes: [128] }).code === 0;
}

function runInit(args: string[], io: Io): number {
  const { values } = parseArgs(
    args,
    {
      "dry-run": { type: "boolean" },
      uninstall: { type: "boolean" },
      "package-dir": { type: "string" },
      server: { type: "string" },
      "drivers-only": { type: "boolean" },
      host: { type: "string" },
      "install-dir": { type: "string" },
      node: { type: "string" },
      "time-budget": { type: "string" },
      "lfs-store": { type: "string", multiple: true },
      tarball: { type: "string" },
    },
    help,
    false,
  );
  const dryRun = values["dry-run"] === true;
  if (values.server !== undefined) {
    const host = values.host;
    if (host !== undefined && host !== "git" && host !== "gitea" && host !== "gitlab")
      throw new UsageError(installMsg.badHost(host));
    return installServer(values.server, io, {
      dryRun,
      host,
      installDir: values["install-dir"],
      node: values.node,
      timeBudget: values["time-budget"],
      lfsStores: values["lfs-store"],
      tarball: values.tarball,
    });
  }
  const driversOnly = values["drivers-only"] === true && !values.uninstall;
  const why = values.uninstall ? null : skipReason(io.env, driversOnly);
  if (why) {
    io.err(installMsg.skipped(why));
    return EXIT.ok;
  }
  if (io.env.npm_lifecycle_event === "prepare" && !insideRepo(io.cwd)) {
    io.err(installMsg.notARepoSkip(io.cwd));
    return EXIT.ok;
  }
  const ctx = installContext({
    cwd: io.cwd,
    packageDir: values["package-dir"],
    dryRun,
    env: io.env,
  });
  if (values.uninstall) uninstall(ctx);
  else if (driversOnly) installDriversOnly(ctx, version());
  else install(ctx, version());
  if (ctx.changes.length) {
    io.out(
      [
        installMsg.header(dryRun, values.uninstall === true),
        ...ctx.changes.map((c) => `  ${c}`),
      ].join("\n"),
    );
  } else io.out(installMsg.nothingChanged(values.uninstall === true));
  if (values.uninstall && !dryRun) io.err(installMsg.keptAfterUninstall());
  else if (driversOnly && !locallyInstalled(ctx)) io.err(installMsg.driversFromHere());
  else if (!driversOnly && !locallyInstalled(ctx))
    io.err(installMsg.notInstalledLocally(ctx.pkgDir));
  if (!values.uninstall) {
    const note = sqliteEngineNote(ctx);
    if (note) io.err(note);
  }
  return EXIT.ok;
}

/** `mlbranch init` (also the `install-ml-hooks` bin): set up hooks and drivers in this clone. */
export const initCommand: Command = {
  name: "init",
  help,
  run(args, io) {
    try {
      return runInit(args, io);
    } catch (e) {
      // An npm install must never fail because of us: say what went wrong and carry on.
      if (io.env.npm_lifecycle_event === "prepare") {
        io.err(installMsg.failedInPrepare(e instanceof MlbranchError ? e.message : String(e)));
        return EXIT.ok;
      }
      throw e;
    }
  },
};
