import { P } from "./common.js";

/** Messages of the installer (`install-ml-hooks`, `mlbranch init`). */
export const installMsg = {
  skipped: (why: string) => `${P} hooks not installed: ${why}. Nothing was changed.`,
  notARepoSkip: (cwd: string) =>
    `${P} hooks not installed: ${cwd} is not inside a git repository (run npx install-ml-hooks in a clone).`,
  failedInPrepare: (text: string) =>
    `${text}\n${P} the install continues without mlbranch's hooks; fix the above and run npx install-ml-hooks.`,
  badPackageJson: (file: string, err: string) =>
    `${P} ${file} is not valid JSON (${err}); fix it, then run npx install-ml-hooks again.`,
  sqliteEngine: (first: string, n: number) =>
    `${P} note: this repository holds SQLite files (${first}${n > 1 ? ` and ${n - 1} more` : ""}) and Node ${process.version} has no node:sqlite: ` +
    `install better-sqlite3 for the SQLite merge driver (npm install --save-dev better-sqlite3@12), or use Node >= 22.13.`,
  huskyFailed: (err: string) => `${P} husky could not set core.hooksPath: ${err}`,
  header: (dryRun: boolean, uninstall: boolean) =>
    `${P} ${dryRun ? "would change (dry run, nothing written)" : uninstall ? "uninstalled" : "installed"}:`,
  nothingChanged: (uninstall: boolean) =>
    uninstall
      ? `${P} nothing to uninstall here; nothing changed.`
      : `${P} already installed; nothing changed.`,
  notInstalledLocally: (pkgDir: string) =>
    `${P} mlbranch is not in ${pkgDir}/node_modules yet, so the hooks cannot run. Finish with: npm install --save-dev mlbranch`,
  driversFromHere: () =>
    `${P} mlbranch is not in this project's node_modules, so the merge drivers run this copy of it; if that copy goes away (an npx cache cleaned), run this again, or npm install --save-dev mlbranch.`,
  keptAfterUninstall: () =>
    `${P} kept mlbranch.json and the mlbranch devDependency; remove them with: git rm mlbranch.json && npm uninstall mlbranch`,
  serverHeader: (gitDir: string, host: string, dryRun: boolean) =>
    `${P} ${dryRun ? "would install" : "installed"} the server hook of ${gitDir} (${host === "gitea" ? "Gitea/Forgejo layout" : host === "gitlab" ? "GitLab layout" : "plain git"}):`,
  plainHook: (hook: string, chained: boolean) =>
    `hook: ${hook}${chained ? " (the pre-receive hook that was there runs after it, as pre-receive.pre-mlbranch)" : ""}`,
  giteaHook: (hook: string) =>
    `hook: ${hook} (run by Gitea's own hooks/pre-receive with pre-receive.d/gitea; both left as they are, so a "resync hooks" keeps mlbranch)`,
  restoredDispatcher: (main: string) =>
    `${main}: Gitea's dispatcher put back (an older mlbranch had taken its place)`,
  wroteTarball: (out: string, inside: string) =>
    `tarball: ${out} (${inside}, with the repository's other custom hooks); apply it on the Gitaly node: gitaly hooks set --storage <storage> --repository <relative path> --config <config.toml> < ${out}`,
  packageAt: (dir: string, version: string, node: string) =>
    `mlbranch ${version}: ${dir} (its own copy: the hook needs nothing else of this machine but ${node})`,
  serverUnchanged: (hook: string, dir: string, version: string) =>
    `${P} ${hook} and mlbranch ${version} in ${dir} are up to date; nothing changed.`,
  serverUpgrade: (
    dir: string,
    o: { installDir?: string; timeBudget?: string; lfsStores?: string[]; tarball?: string },
    host: string,
  ) =>
    `${P} to upgrade later, one command: npx mlbranch@latest init --server ${dir}${o.installDir ? ` --install-dir ${o.installDir}` : ""}${o.timeBudget !== undefined ? ` --time-budget ${o.timeBudget}` : ""}${(o.lfsStores ?? []).map((s) => ` --lfs-store ${s}`).join("")}${host === "gitlab" && o.tarball ? ` --tarball ${o.tarball}` : ""}${host === "gitlab" ? " (then gitaly hooks set again)" : ""}`,
  badBudget: (v: string) =>
    `${P} --time-budget ${v} is not a number of seconds (e.g. 4.5; 0 for no limit).`,
  tarFailed: (out: string, why: string) =>
    `${P} could not write ${out} with tar: ${why.trim()}. Check that tar is installed and the folder is writable.`,
  badHost: (v: string) => `${P} --host ${v} is not one of git, gitea, gitlab.`,
  notBare: (dir: string) =>
    `${P} ${dir} is not a bare git repository; give the server-side repository (e.g. /srv/git/project.git).`,
};
