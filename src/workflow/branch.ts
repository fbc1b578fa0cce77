import type { Config } from "../config/types.js";
import { firstParentCommits } from "../git/commits.js";
import { runGit } from "../git/execGit.js";
import { resolveRev } from "../git/repo.js";
import { EXIT, MlbranchError, UsageError } from "../io/errors.js";
import { wfMsg } from "../io/messages/workflow.js";
import { wfGuard } from "../io/messages/workflowGuards.js";
import { resolveBranchType } from "../policy/branchType.js";
import { judgeCommits } from "../policy/check.js";

const WILD = /[*?[{]/;

/**
 * The branch name a type and a short name make: "stable" + "model" -> "stable/model" (from the
 * type's match glob "stable/**"); a type with a literal name ("raw") needs no short name.
 */
export function typedBranchName(config: Config, typeName: string, name?: string): string {
  const type = Object.hasOwn(config.types, typeName) ? config.types[typeName] : undefined;
  if (!type) {
    // Each type with the branch prefix that also names it ("analysis (ds)").
    const names = Object.entries(config.types).map(([n, t]) => {
      const prefix = t.match
        .map((g) => /^([^*?[{/]+)\/\*\*?$/.exec(g)?.[1])
        .find((p) => p && p !== n);
      return prefix ? `${n} (${prefix})` : n;
    });
    throw new UsageError(wfMsg.unknownType(typeName, names));
  }
  return namesOfType(config, typeName, name);
}

/**
 * The type a word names: a type's name ("analysis"), else the prefix of a type's match glob
 * ("ds" for "ds/**"), so `mlbranch branch ds eda` makes ds/eda. Null when neither.
 */
export function typeByWord(config: Config, word: string): string | null {
  if (Object.hasOwn(config.types, word)) return word;
  for (const [name, t] of Object.entries(config.types))
    if (t.match.some((g) => g === `${word}/**` || g === `${word}/*` || g === word)) return name;
  return null;
}

function namesOfType(config: Config, typeName: string, name?: string): string {
  const type = config.types[typeName];
  const candidates: string[] = [];
  if (name && resolveBranchType(config, name)?.name === typeName) candidates.push(name);
  for (const g of type.match) {
    const m = /^([^*?[{]*)\/\*\*?$/.exec(g);
    if (name && m) candidates.push(`${m[1]}/${name}`);
    else if (!WILD.test(g) && (!name || name === g)) candidates.push(g);
  }
  const ok = candidates.find((c) => resolveBranchType(config, c)?.name === typeName);
  if (!ok) throw new UsageError(wfMsg.noTypedName(typeName, name, type.match));
  return ok;
}

/**
 * Refuse a start point whose own history breaks the new branch's rules. The commits on `sha`'s
 * first-parent line that the default branch lacks become the new branch's history, and CI
 * judges them as commits made there (check --range <default>..<branch>): a stable branch
 * started from dev/model would hold hand-written code.
 */
async function checkStart(
  cwd: string,
  config: Config,
  branch: string,
  from: string,
  sha: string,
  command: string,
) {
  const def = config.defaultBranch;
  const base =
    resolveRev(cwd, `refs/heads/${def}`) ?? resolveRev(cwd, `refs/remotes/origin/${def}`);
  // Without the default branch nothing tells the start point's own commits apart: refuse.
  if (!base) throw new UsageError(wfGuard.noDefaultBranch(def, from, branch));
  const shas = firstParentCommits(cwd, base, sha);
  if (!shas.length) return;
  const r = await judgeCommits(cwd, config, branch, shas);
  if (r.violations.length)
    throw new MlbranchError(
      wfMsg.startBreaksRules(branch, r, from, shas.length, def, command),
      EXIT.violation,
    );
}

/** Create a typed branch at `from` (default HEAD) and, unless told not to, switch to it. */
export async function createTypedBranch(opts: {
  cwd: string;
  config: Config;
  type: string;
  name?: string;
  from?: string;
  switchTo: boolean;
}): Promise<{ branch: string; type: string; from: string; sha: string }> {
  const { cwd } = opts;
  const typeName = typeByWord(opts.config, opts.type) ?? opts.type;
  const branch = typedBranchName(opts.config, typeName, opts.name);
  const fmt = runGit(["check-ref-format", "--branch", branch], { cwd, okCodes: [1, 128] });
  if (fmt.code !== 0) throw new UsageError(wfMsg.badBranchName(branch));
  if (resolveRev(cwd, `refs/heads/${branch}`))
    throw new MlbranchError(wfMsg.branchExists(branch), EXIT.violation);
  // A fresh clone has origin/clean but no clean: a new clean beside it would fork the data.
  const remote = runGit(["for-each-ref", "--format=%(refname:short)", `refs/remotes/*/${branch}`], {
    cwd,
  })
    .stdout.toString("utf8")
    .split("\n")
    .filter(Boolean);
  if (remote.length)
    throw new MlbranchError(wfGuard.remoteBranchExists(branch, remote[0]), EXIT.violation);
  const from = opts.from ?? "HEAD";
  const sha = resolveRev(cwd, from);
  if (!sha) throw new UsageError(wfMsg.badRevision(from));
  const again = `mlbranch branch ${opts.type}${opts.name ? ` ${opts.name}` : ""}`;
  await checkStart(cwd, opts.config, branch, from, sha, again);
  const args = opts.switchTo ? ["switch", "-q", "-c", branch, sha] : ["branch", branch, sha];
  const r = runGit(args, { cwd, okCodes: [1, 128] });
  if (r.code !== 0)
    throw new MlbranchError(wfMsg.gitRefused(`git ${args[0]}`, r.stderr), EXIT.violation);
  return { branch, type: typeName, from, sha };
}
