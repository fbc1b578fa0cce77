import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Demo } from "./setup.js";
import { quote } from "./shell.js";

/** The message `git commit` will use: -m text and --trailer values, or .git/MERGE_MSG. */
function messageOf(d: Demo, args: string[]): string {
  const subject: string[] = [];
  const trailers: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-m" || args[i] === "-am") subject.push(args[++i]);
    else if (args[i] === "--trailer") trailers.push(args[++i]);
  }
  if (!subject.length) return readFileSync(join(d.repo, ".git", "MERGE_MSG"), "utf8");
  return `${subject.join("\n\n")}\n${trailers.length ? `\n${trailers.join("\n")}\n` : ""}`;
}

/**
 * `git commit` as a person types it. With the hooks installed git runs them; without, the demo
 * runs the same `mlbranch check` the hooks would: shown when a refusal is the point, silent
 * (but still required to pass) otherwise.
 */
export function commit(d: Demo, args: string[], expect: "ok" | "fail" = "ok"): void {
  const { sh } = d;
  if (d.hooks) {
    sh.git(["commit", "-q", ...args], { expect });
    return;
  }
  if (args.includes("-a") || args.includes("-am")) sh.git(["add", "-u"], { quiet: true });
  writeFileSync(join(d.repo, ".git", "DEMO_MSG"), messageOf(d, args));
  const check = ["check", "--staged", "--message", ".git/DEMO_MSG"];
  if (expect === "fail") {
    sh.say(`git commit ${args.map(quote).join(" ")}  -> the pre-commit and commit-msg hooks run:`);
    sh.ml(check, { expect: "fail" });
    return;
  }
  sh.ml(check, { quiet: true });
  sh.git(["commit", "-q", ...args]);
}

/** `git merge`; without hooks the merge commit is checked like pre-merge-commit would. */
export function merge(d: Demo, args: string[]): void {
  const { sh } = d;
  const before = sh.git(["rev-parse", "HEAD"], { quiet: true });
  sh.git(["merge", ...args]);
  if (!d.hooks) sh.ml(["check", "--range", `${before}..HEAD`], { quiet: true });
}
