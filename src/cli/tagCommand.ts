import { loadConfig } from "../config/loadConfig.js";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { wfMsg } from "../io/messages/workflow.js";
import { makeTag } from "../workflow/tag.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch tag [<name>] [--prefix <client-id>] [--next] [--json]

On a stable branch, make the next annotated tag of the type's tagPattern ("{prefix}-{n}": n is
the highest existing one plus 1, acme-3 after acme-2). The message records the model files'
blob ids, the data paths' tree ids and the latest tracking record. Refused on a dirty working
tree, on a branch type without tagPattern, for a tag that exists, and on a commit that already
carries one.

  <name>           tag exactly this name (what --next printed earlier); must fit the pattern
  --prefix <id>    the client id (default: the prefix of the newest such tag behind HEAD)
  --next           print the next name without tagging (log it as a parameter before training)
  --json           print {name, created, commit}
  -h, --help       this help

The name --next prints is held for this branch's run (refs/mlbranch/reserved/<name>, local to
this clone and its worktrees): tag later makes that name (or the one track --tag logged), never
the next number instead. When another clone tagged that name first, tag refuses (exit 2) and
says how to take a new one.

Examples:
  mlbranch tag --prefix acme --next     # acme-1
  mlbranch tag --prefix acme
  mlbranch tag                          # acme-2, the prefix taken from acme-1`;

/** `mlbranch tag`: the next `<prefix>-<n>` tag of a training run. */
export const tagCommand: Command = {
  name: "tag",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      { prefix: { type: "string" }, next: { type: "boolean" }, json: { type: "boolean" } },
      help,
    );
    if (positionals.length > 1) throw new UsageError(msg.usage("give at most one tag name.", help));
    const root = repoRoot(io.cwd);
    const r = makeTag({
      root,
      config: loadConfig(root),
      prefix: values.prefix,
      name: positionals[0],
      next: values.next,
    });
    if (values.json) io.out(JSON.stringify({ name: r.name, created: r.created, commit: r.commit }));
    else if (values.next) io.out(r.name);
    else {
      io.out(r.name);
      io.err(wfMsg.tagged(r.name, r.commit));
    }
    return EXIT.ok;
  },
};
