import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execGit, runGit } from "../git/execGit.js";
import { debug, phase } from "../io/debug.js";
import { EXIT } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { hookMsg } from "../io/messages/hooks.js";
import { reportError } from "../io/reportError.js";
import { CHAIN_ENV, chainedHook, executable, runChained } from "./chain.js";
import { type GitDirs, gitDirs } from "./gitDirs.js";
import { serverIo } from "./gitlabIo.js";
import { FRAMEWORK_HOOKS, LFS_HOOKS } from "./hookNames.js";
import { runLintStaged } from "./runLintStaged.js";
import { readMessage, stagedCheck } from "./stagedCheck.js";
import { ensureWorktreeHooks } from "./worktreeHooks.js";

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
      // commit-msg must start Node when something else runs there: a chained hook, or the
      // pre-commit framework's commit-msg stage.
      const markSkip = {
        chainedCommitMsg:
          chainedHook(root, d.commonDir, "commit-msg") !== null || frameworkCommitMsg(root),
      };
      const { ok, changes } = await stagedCheck(root, d, io, undefined, { markSkip });
      if (!ok) return EXIT.violation;
      if (changes.some((c) => c.path === ".gitattributes" && c.newOid))
        (await import("./attributesFixup.js")).fixLfsTrackedAttributes(root, io);
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
      if (name === "post-checkout" && dirs) ensureWorktreeHooks(root, dirs, io);
      const missing = (await import("./driversCheck.js")).missingDrivers(root);
      if (missing.length) io.err(hookMsg.driverMissing(missing, ""));
      return EXIT.ok;
    }
    default:
      return EXIT.ok;
  }
}

function frameworkCommitMsg(root: string): boolean {
  const f = join(root, ".pre-commit-config.yaml");
  return existsSync(f) && /\bcommit-msg\b/.test(readFileSync(f, "utf8"));
}

// Hooks whose stdin carries data that a chained hook needs as well.
const STDIN_HOOKS = new Set(["pre-push", "pre-receive", "post-rewrite", "reference-transaction"]);

/**
 * Run hook `name` as git called it: mlbranch's checks first, then the hook that was there before
 * (same arguments, same stdin). Returns the exit code; never throws.
 */
export async function runHook(name: string, argv: string[], processIo: Io): Promise<number> {
  let args = argv;
  const io = name === "pre-receive" ? serverIo(processIo) : processIo;
  if (io.env[CHAIN_ENV] === name) return EXIT.ok; // a chained hook called back into us
  try {
    let input = STDIN_HOOKS.has(name) ? await io.stdin() : undefined;
    // Run by the pre-commit framework (.pre-commit-hooks.yaml): our checks only; the framework
    // runs the rest. Its pre-push passes the ref update in variables, not on stdin.
    const inFramework = io.env.PRE_COMMIT === "1";
    if (inFramework && name === "pre-push" && !input?.trim()) {
      const { prePushFromFramework } = await import("./preCommitFramework.js");
      const resolved = prePushFromFramework(io.env, (ref) => {
        const r = runGit(["rev-parse", "-q", "--verify", `${ref}^{commit}`], {
          cwd: io.cwd,
          okCodes: [1, 128],
        });
        return r.code === 0 ? r.stdout.toString("utf8").trim() : null;
      });
      args = args.length >= 1 && args[0] ? args : resolved.args;
      input = resolved.input;
    }
    const server = name === "pre-receive";
    // Git runs client hooks at the top of the work tree and pre-receive in the bare repository.
    const root = server ? execGit(["rev-parse", "--absolute-git-dir"], { cwd: io.cwd }) : io.cwd;
    const dirs = server ? null : gitDirs(root, io.env);
    const code = await ours(name, args, root, dirs, io, input);
    if (code !== EXIT.ok && !name.startsWith("post-")) return code;
    if (inFramework) return code;
    const before = `${root}/hooks/pre-receive.pre-mlbranch`;
    const chained = server
      ? executable(before)
        ? before
        : null
      : chainedHook(root, dirs!.commonDir, name);
    if (!server && FRAMEWORK_HOOKS.has(name)) {
      const f = (await import("./preCommitFramework.js")).runFramework(root, name, args, {
        input,
        chained,
        commonDir: dirs!.commonDir,
        io,
      });
      if (f !== EXIT.ok && !name.startsWith("post-")) return f;
    }
    if (!server && LFS_HOOKS.has(name)) {
      const l = (await import("./lfsHooks.js")).runLfsHook(root, name, args, {
        input,
        chained,
        io,
      });
      if (l !== EXIT.ok && !name.startsWith("post-")) return l;
    }
    if (!chained) return code;
    debug(`chained hook ${chained}`);
    const c = runChained(chained, name, args, { cwd: io.cwd, input, env: io.env });
    if (c !== 0 && !name.startsWith("post-")) io.err(hookMsg.chainedFailed(chained, c));
    return c !== 0 ? c : code;
  } catch (e) {
    return reportError(e, io);
  }
}
