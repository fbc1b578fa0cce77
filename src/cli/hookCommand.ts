import { HOOK_NAMES } from "../hooks/hookNames.js";
import { runHook } from "../hooks/runHook.js";
import { EXIT, UsageError } from "../io/errors.js";
import { hookMsg } from "../io/messages/hooks.js";
import type { Command } from "./command.js";

const help = `Usage: mlbranch hook <name> [git's hook arguments]

Runs one hook by hand, as git runs it through .husky/<name> (which calls the hook's own entry,
node_modules/mlbranch/dist/hooks/<name>.js): mlbranch's checks, then the hook that git ran before
mlbranch was installed, with the same arguments and stdin.

  pre-commit, pre-merge-commit   mlbranch check --staged, then lint-staged when a staged file matches
  commit-msg <file>              the trailer rules for the message
  pre-push <remote> <url>        every pushed ref under its remote name, every new commit replayed
  pre-receive                    the same on a server (installed by mlbranch init --server)
  post-checkout, post-merge      one line when a driver .gitattributes names is not set up
  (any other client hook)        only runs the hook that was there before

Example: mlbranch hook pre-push origin git@example.com:team/project.git < refs.txt`;

/** `mlbranch hook <name>`: run one git hook (mlbranch's part and the chained one). */
export const hookCommand: Command = {
  name: "hook",
  help,
  run(args, io) {
    const [name, ...rest] = args;
    if (!name || !HOOK_NAMES.includes(name))
      throw new UsageError(`${hookMsg.unknownHook(name ?? "")}\n\n${help}`);
    return runHook(name, rest, io).then((c) => c ?? EXIT.ok);
  },
};
