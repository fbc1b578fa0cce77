#!/usr/bin/env node
import { runEntry } from "../src/io/runEntry.js";

// `install-ml-hooks [options]` is `mlbranch init [options]`. In npm's prepare script a bug must
// not fail `npm install`: it is reported, and the exit code is 0.
runEntry(async (args, io) => (await import("../src/cli/main.js")).main(["init", ...args], io), {
  onInternal: process.env.npm_lifecycle_event === "prepare" ? 0 : undefined,
});
