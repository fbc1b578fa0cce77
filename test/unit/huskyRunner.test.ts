import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  HUSKY_9_STUB,
  LEAN_STUB,
  leanRunner,
  writeLeanRunner,
} from "../../src/install/huskyRunner.js";

const husky = readFileSync(
  join(createRequire(import.meta.url).resolve("husky"), "..", "husky"),
  "utf8",
);

// Run `.husky/_/<hook>` the way git does (by path, from the top of the work tree) with a runner.
function runHook(
  runner: string,
  hook: string,
  script: string | null,
  env: NodeJS.ProcessEnv = {},
  via = `.husky/_/${hook}`,
  stub = HUSKY_9_STUB,
) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-runner-")));
  try {
    mkdirSync(join(dir, ".husky", "_"), { recursive: true });
    writeFileSync(join(dir, ".husky", "_", "h"), runner);
    writeFileSync(join(dir, ".husky", "_", hook), stub, { mode: 0o755 });
    if (script !== null) writeFileSync(join(dir, ".husky", hook), script);
    const r = spawnSync(via, ["arg one", "two"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: dir, ...env },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the lean husky runner", () => {
  const lean = leanRunner(husky);

  it("is written only for the husky runner and stub it was made from", () => {
    const shipped = readFileSync(
      join(createRequire(import.meta.url).resolve("husky"), "..", "index.js"),
      "utf8",
    );
    // husky writes each stub from this template literal; the lean one replaces only that text.
    expect(shipped).toContain(HUSKY_9_STUB.replace(/\$/g, "\\$").replace("\n", "\\n"));
    expect(LEAN_STUB).not.toContain("dirname");
    expect(lean).not.toBeNull();
    expect(leanRunner(husky.replace("basename", "basename "))).toBeNull();
    expect(lean).not.toMatch(/\$\((basename|dirname)/);
  });

  it("finds the script when git's hooks path ends in a slash (.husky/_//pre-commit)", () => {
    const script = 'echo "ran $#"\n';
    const via = ".husky/_//pre-commit";
    const theirs = runHook(husky, "pre-commit", script, {}, via);
    expect(theirs.out).toBe("ran 2\n");
    expect(runHook(lean as string, "pre-commit", script, {}, via, LEAN_STUB)).toEqual(theirs);
  });

  it.each([
    ["a script that passes its arguments on", "pre-commit", 'echo "ran $# [$1]"\n', {}],
    ["no script for the hook", "post-commit", null, {}],
    ["a failing script", "commit-msg", "echo failing; exit 3\n", {}],
    ["a missing command", "pre-push", "no-such-command-here\n", {}],
    ["HUSKY=0", "pre-commit", "echo ran\n", { HUSKY: "0" }],
    ["a hook name with a dot and dashes", "pre-merge-commit", "echo merge-hook\n", {}],
  ])("behaves like husky's own with %s", (_what, hook, script, env) => {
    const theirs = runHook(husky, hook, script, env);
    const ours = runHook(lean as string, hook, script, env, `.husky/_/${hook}`, LEAN_STUB);
    expect(ours).toEqual(theirs);
  });

  it("replaces husky's stubs and mlbranch 0.2's, and leaves any other stub alone", () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-stubs-")));
    try {
      mkdirSync(join(dir, "_"));
      writeFileSync(join(dir, "_", "h"), husky);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
      const old = '#!/usr/bin/env sh\n. "${0%/*}/h"';
      const mine = '#!/bin/bash\necho mine\n. "$(dirname "$0")/h"';
      writeFileSync(join(dir, "_", "pre-commit"), HUSKY_9_STUB);
      writeFileSync(join(dir, "_", "commit-msg"), old);
      writeFileSync(join(dir, "_", "pre-push"), mine);
      expect(writeLeanRunner(dir)).toBe(true);
      const read = (n: string) => readFileSync(join(dir, "_", n), "utf8");
      expect([read("pre-commit"), read("commit-msg"), read("pre-push")]).toEqual([
        LEAN_STUB,
        LEAN_STUB,
        mine,
      ]);
      expect(LEAN_STUB.startsWith("#!/bin/sh\n")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
