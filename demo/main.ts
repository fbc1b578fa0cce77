#!/usr/bin/env node
import { betterFlow } from "./betterFlow.js";
import { dataFlow } from "./dataFlow.js";
import { endFlow } from "./endFlow.js";
import { essayFlow } from "./essayFlow.js";
import { modelFlow } from "./modelFlow.js";
import { monitorRepoFlow } from "./monitorRepoFlow.js";
import { releaseFlow } from "./releaseFlow.js";
import { setupDemo } from "./setup.js";
import { DemoFailure } from "./shell.js";

// `npm run demo`: the whole DESIGN.md flow in a throwaway repository; non-zero when a step
// does not behave as expected (CI runs it).
const print = (line: string) => process.stdout.write(`${line}\n`);
let dir: string | undefined;
try {
  const d = setupDemo(print);
  dir = d.dir;
  dataFlow(d);
  modelFlow(d);
  betterFlow(d);
  endFlow(d);
  essayFlow(d);
  monitorRepoFlow(d);
  releaseFlow(d);
  print(`\nThe demo repository is ${d.repo}`);
  print(`Explore it: cd ${d.repo} && git log --graph --oneline --all`);
} catch (e) {
  const text = e instanceof DemoFailure ? e.message : ((e as Error)?.stack ?? String(e));
  process.stderr.write(
    `\ndemo failed: ${text}\n${dir ? `(the repository is left in ${dir})\n` : ""}`,
  );
  process.exitCode = 1;
}
