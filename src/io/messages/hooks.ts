import { SETUP_COMMAND } from "../frameworkPaths.js";
import { P } from "./common.js";

/** Messages of the hooks. */
export const hookMsg = {
  detached: () =>
    `${P} HEAD is detached; the commit rules run when it is pushed (pre-push) instead.`,
  unknownHook: (name: string) => `${P} no hook named "${name}".`,
  worktreeRunners: (hooksPath: string) =>
    `${P} this new worktree had no ${hooksPath} (husky's hook runners are generated, not in git): copied from the main worktree, so commits here are checked too.`,
  driverMissing: (names: string[], pkgPrefix: string) =>
    `${P} .gitattributes names ${names.join(", ")}, not set up in this clone (git would merge such files as text without a word); fix: ${pkgPrefix ? `(cd ${pkgPrefix} && npx install-ml-hooks)` : "npx install-ml-hooks"}`,
  lfsMissing: (hook: string) =>
    `${P} this repository uses Git LFS (filter=lfs), but git-lfs is not installed, so its ${hook} step cannot run${hook === "pre-push" ? ": the push would send pointers without their files, so it is refused" : ""}; fix: install Git LFS (https://git-lfs.com, or apt-get install git-lfs) and run git lfs install.`,
  frameworkMissing: (hook: string) =>
    `${P} .pre-commit-config.yaml is here, but the pre-commit framework is not installed, so its ${hook} hooks did not run; fix: pip install pre-commit (or pipx install pre-commit).`,
  attributesFixed: () =>
    `${P} .gitattributes: git lfs track had replaced mlbranch's merge drivers on the patterns it tracks (merge=lfs); put them back with filter=lfs kept, and staged the file.`,
  attributesNotFixed: () =>
    `${P} .gitattributes: git lfs track replaced mlbranch's merge drivers on the patterns it tracks (merge=lfs), and the file is partly staged, so it was left alone; fix: npx install-ml-hooks, then git add .gitattributes.`,
  frameworkOneRef: () =>
    `${P} push refused: the pre-commit framework hands its hooks one ref of a push (git's list of every pushed ref is read by the framework), so mlbranch cannot judge the rest. ` +
    `Install mlbranch's own pre-push, which the framework runs first with every ref (once per clone; it also sets up the merge drivers): ${SETUP_COMMAND}`,
  chainedFailed: (path: string, code: number) => `${P} ${path} failed (exit ${code}).`,
};
