#!/usr/bin/env node
import { main } from "../src/cli/main.js";

// `install-ml-hooks [options]` is `mlbranch init [options]`.
main(["init", ...process.argv.slice(2)]).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`mlbranch: internal error; this is a bug: ${e?.stack ?? e}\n`);
    process.exitCode = process.env.npm_lifecycle_event === "prepare" ? 0 : 70;
  },
);
