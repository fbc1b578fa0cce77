import { execGit } from "../git/execGit.js";
import { debug, phase } from "../io/debug.js";
import { EXIT } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { hookMsg } from "../io/messages/hooks.js";
import { reportError } from "../io/reportError.js";
import { CHAIN_ENV, chainedHook, executable, runChained } from "./chain.js";
import { type GitDirs, gitDirs } from "./gitDirs.js";
import { runLintStaged } from "./runLintStaged.js";
import { readMessage, stagedCheck } from "./stagedCheck.js";

async function ours(
  name: string,
  args: string[],
  root: string,
  dirs: GitDirs | null,
  io: Io,
  input?: string,
): Promise<number> {
  switch (name) {
    case "pre-commit":
    case "pre-merge-commit": {
      const d = dirs!;
      const markSkip = { chainedCommitMsg: chainedHook(root, d.commonDir, "commit-msg") !== null };
      const { ok, changes } = await stagedCheck(root, d, io, undefined, { markSkip });
      if (!ok) return EXIT.violation;
      return phase("lint-staged", () => runLintStaged(root, changes, io.env));
    }
    case "commit-msg":
      return (await stagedCheck(root, dirs!, io, readMessage(root, args[0]))).ok
        ? EXIT.ok
        : EXIT.violation;
    // Loaded on demand: every commit pays for each module a hook imports.
    case "pre-push":
      return (await import("./pushHooks.js")).prePush(root, args, input ?? "", io);
    case "pre-receive":
      return (await import("./pushHooks.js")).preReceive(root, input ?? "", io);
    case "post-checkout":
    case "post-merge": {
      const missing = (await import("./driversCheck.js")).missingDrivers(root);
      if (missing.length) io.err(hookMsg.driverMissing(missing, ""));
      return EXIT.ok;
    }
    default:
      return EXIT.ok;
  }
}

// Hooks whose stdin carries data that a chained hook needs as well.
const STDIN_HOOKS = new Set(["pre-push", "pre-receive", "post-rewrite", "reference-transaction"]);

/**
 * Run hook `name` as git called it: mlbranch's checks first, then the hook that was there before
 * (same arguments, same stdin). Returns the exit code; never throws.
 */
export async function runHook(name: string, args: string[], io: Io): Promise<number> {
  if (io.env[CHAIN_ENV] === name) return EXIT.ok; // a chained hook called back into us
  try {
    const input = STDIN_HOOKS.has(name) ? await io.stdin() : undefined;
    const server = name === "pre-receive";
    // Git runs client hooks at the top of the work tree and pre-receive in the bare repository.
    const root = server ? execGit(["rev-parse", "--absolute-git-dir"], { cwd: io.cwd }) : io.cwd;
    const dirs = server ? null : gitDirs(root);
    const code = await ours(name, args, root, dirs, io, input);
    if (code !== EXIT.ok && !name.startsWith("post-")) return code;
    const before = `${root}/hooks/pre-receive.pre-mlbranch`;
    const chained = server
      ? executable(before)
        ? before
        : null
      : chainedHook(root, dirs!.commonDir, name);
    if (!chained) return code;
    debug(`chained hook ${chained}`);
    const c = runChained(chained, name, args, { cwd: io.cwd, input, env: io.env });
    if (c !== 0 && !name.startsWith("post-")) io.err(hookMsg.chainedFailed(chained, c));
    return c !== 0 ? c : code;
  } catch (e) {
    return reportError(e, io);
  }
}
