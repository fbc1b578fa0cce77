#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// `mlbranch-hook <name> [args]`: the door for the hooks mlbranch only chains (the ones it checks
// have their own in hooks/), and for .husky scripts written by mlbranch 0.1.
runEntry(async ([name = "", ...args], io) => {
  const [{ HOOK_NAMES }, { runHook }, { UsageError }, { hookMsg }] = await Promise.all([
    import("../src/hooks/hookNames.js"),
    import("../src/hooks/runHook.js"),
    import("../src/io/errors.js"),
    import("../src/io/messages/hooks.js"),
  ]);
  if (!HOOK_NAMES.includes(name)) throw new UsageError(hookMsg.unknownHook(name));
  return runHook(name, args, io);
});
