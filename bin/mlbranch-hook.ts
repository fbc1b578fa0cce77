#!/usr/bin/env node
import { HUSKY_HOOKS } from "../src/hooks/hookNames.js";
import { runHook } from "../src/hooks/runHook.js";
import { hookMsg } from "../src/io/messages/hooks.js";
import { processIo } from "../src/io/processIo.js";

// What .husky/<hook> calls: loads only the hook code (hooks run on every commit, so start-up counts).
const [name = "", ...args] = process.argv.slice(2);
if (![...HUSKY_HOOKS, "pre-receive"].includes(name)) {
  process.stderr.write(`${hookMsg.unknownHook(name)}\n`);
  process.exitCode = 2;
} else {
  runHook(name, args, processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`mlbranch: internal error; this is a bug: ${e?.stack ?? e}\n`);
      process.exitCode = 70;
    },
  );
}
