#!/usr/bin/env node
import { main } from "../src/cli/main.js";

// The one place that sets the exit code for `mlbranch`.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`mlbranch: internal error; this is a bug: ${e?.stack ?? e}\n`);
    process.exitCode = 70;
  },
);
