import type { Config } from "../config/types.js";
import { EXIT, MlbranchError, UsageError } from "../errors.js";
import { runGit } from "../git/execGit.js";
import { resolveRev } from "../git/repo.js";
import { wfMsg } from "../messages.js";
import { resolveBranchType } from "../policy/branchType.js";

const WILD = /[*?[{]/;

/**
 * The branch name a type and a short name make: "stable" + "model" -> "stable/model" (from the
 * type's match glob "stable/**"); a type with a literal name ("raw") needs no short name.
 */
export function typedBranchName(config: Config, typeName: string, name?: string): string {
  const type = config.types[typeName];
  if (!type) throw new UsageError(wfMsg.unknownType(typeName, Object.keys(config.types)));
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

/** Create a typed branch at `from` (default HEAD) and, unless told not to, switch to it. */
export function createTypedBranch(opts: {
  cwd: string;
  config: Config;
  type: string;
  name?: string;
  from?: string;
  switchTo: boolean;
}): { branch: string; from: string; sha: string } {
  const { cwd } = opts;
  const branch = typedBranchName(opts.config, opts.type, opts.name);
  const fmt = runGit(["check-ref-format", "--branch", branch], { cwd, okCodes: [1, 128] });
  if (fmt.code !== 0) throw new UsageError(wfMsg.badBranchName(branch));
  if (resolveRev(cwd, `refs/heads/${branch}`))
    throw new MlbranchError(wfMsg.branchExists(branch), EXIT.violation);
  const from = opts.from ?? "HEAD";
  const sha = resolveRev(cwd, from);
  if (!sha) throw new UsageError(wfMsg.badRevision(from));
  const args = opts.switchTo ? ["switch", "-q", "-c", branch, sha] : ["branch", branch, sha];
  const r = runGit(args, { cwd, okCodes: [1, 128] });
  if (r.code !== 0)
    throw new MlbranchError(wfMsg.gitRefused(`git ${args[0]}`, r.stderr), EXIT.violation);
  return { branch, from, sha };
}
