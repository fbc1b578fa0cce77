import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missing } from "../helpers/requires.js";
import { PROJECT_ROOT, type Run, testEnv } from "../helpers/withRepo.js";

// A new user's path, from the packed tarball: a Python-only repository where git-lfs was set up
// first, `npm install --save-dev <tarball>`, `npx install-ml-hooks`, then plain git.
// The e2e project is a Python repository with Git LFS.
const noLfs = missing("git-lfs");
let tmp: string;
let repo: string;
let bare: string;
let tarball: string;

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e = testEnv(extra);
  delete e.HUSKY;
  // The outer `npm test` must not steer the inner npm (omit, prefix, lifecycle).
  for (const k of Object.keys(e)) if (k.startsWith("npm_")) delete e[k];
  return e;
}

function sh(cmd: string, args: string[], cwd = repo, input?: string): Run {
  const r = spawnSync(cmd, args, { cwd, env: env(), encoding: "utf8", input, maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

function ok(cmd: string, args: string[], cwd = repo): string {
  const r = sh(cmd, args, cwd);
  if (r.code !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const write = (path: string, text: string | Buffer, dir = repo) => {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
};

const lfsObjects = (dir: string): number => {
  const root = join(dir, "lfs", "objects");
  if (!existsSync(root)) return 0;
  return readdirSync(root, { recursive: true }).filter((p) => /[0-9a-f]{64}$/.test(String(p)))
    .length;
};

beforeAll(() => {
  if (noLfs) return;
  tmp = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-e2e-")));
  ok("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", tmp], PROJECT_ROOT);
  tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith(".tgz"))!);
  repo = join(tmp, "ml-project");
  bare = join(tmp, "origin.git");
  mkdirSync(repo);
  ok("git", ["init", "-q", "-b", "main"]);
  for (const [k, v] of [
    ["user.name", "E2E"],
    ["user.email", "e2e@example.com"],
    ["commit.gpgSign", "false"],
  ])
    ok("git", ["config", k, v]);
  write("train.py", "print('train')\n");
  write("requirements.txt", "numpy\n");
  ok("git", ["lfs", "install", "--local"]);
  ok("git", ["lfs", "track", "*.bin"]);
  ok("git", ["add", "-A"]);
  ok("git", ["commit", "-q", "-m", "a Python project with Git LFS"]);
  ok("git", ["init", "-q", "--bare", "-b", "main", bare], tmp);
  ok("git", ["remote", "add", "origin", `file://${bare}`]);
  ok("npm", ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", tarball]);
}, 600_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(noLfs)("from the packed tarball", () => {
  it("npx install-ml-hooks installs; a second run changes nothing", () => {
    const first = sh("npx", ["--no-install", "install-ml-hooks"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("core.hooksPath: .husky/_ (husky)");
    expect(first.stdout).toContain(".husky/post-commit"); // git-lfs's hook, chained
    const second = sh("npx", ["--no-install", "install-ml-hooks"]);
    expect(second.stdout.trim()).toBe("mlbranch: already installed; nothing changed.");
    ok("git", ["add", "-A"]);
    ok("git", ["commit", "-q", "-m", "mlbranch hooks"]);
    expect(ok("git", ["ls-files"])).not.toContain("node_modules/");
  });

  it("a plain git commit that breaks a rule is refused with its message", () => {
    write("data/iris.csv", "a,b\n1,2\n");
    ok("git", ["add", "data/iris.csv"]);
    const r = sh("git", ["commit", "-m", "data on main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data/iris.csv may not be committed on main (type main)");
    ok("git", ["reset", "-q"]);
    rmSync(join(repo, "data"), { recursive: true });
  });

  it("git push uploads LFS objects through the chained git-lfs pre-push hook", () => {
    write("assets/weights.bin", Buffer.alloc(4096, 9));
    ok("git", ["add", "assets/weights.bin"]);
    ok("git", ["commit", "-q", "-m", "an LFS asset"]);
    expect(ok("git", ["lfs", "ls-files"])).toContain("assets/weights.bin");
    const r = sh("git", ["push", "origin", "main"]);
    expect(r.code, r.stderr).toBe(0);
    expect(lfsObjects(bare)).toBe(1);
  });

  it("git commit --no-verify then git push is refused by pre-push", () => {
    write("data/iris.csv", "a,b\n1,2\n");
    ok("git", ["add", "data/iris.csv"]);
    ok("git", ["commit", "-q", "--no-verify", "-m", "sneak data onto main"]);
    const r = sh("git", ["push", "origin", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("push refused by pre-push");
    expect(r.stderr).toContain("data/iris.csv may not be committed on main");
  });

  it("with pre-receive on the bare remote, git push --no-verify is refused by the server", () => {
    const init = sh("npx", ["--no-install", "mlbranch", "init", "--server", bare]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(`${join(bare, "mlbranch")} (its own copy`);
    // The server stands alone: without the installing clone's node_modules it still judges.
    const aside = join(tmp, "node_modules-aside");
    renameSync(join(repo, "node_modules"), aside);
    let r: Run;
    try {
      r = sh("git", ["push", "--no-verify", "origin", "main"]);
    } finally {
      renameSync(aside, join(repo, "node_modules"));
    }
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      "remote: mlbranch: error [deny] data/iris.csv may not be committed on main",
    );
    ok("git", ["reset", "-q", "--hard", "HEAD~1"]);
  });

  it("git push origin HEAD:stable/x is checked as stable", () => {
    ok("git", ["checkout", "-q", "-b", "dev/x"]);
    write("train.py", "print('train v2')\n");
    ok("git", ["commit", "-q", "-am", "better training"]);
    const r = sh("git", ["push", "origin", "HEAD:stable/x"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no code is written on stable/x (type stable)");
    expect(sh("git", ["push", "-q", "origin", "dev/x"]).code).toBe(0);
    ok("git", ["checkout", "-q", "main"]);
  });

  it("a linked worktree gets the hooks", () => {
    const wt = join(tmp, "wt-raw");
    ok("git", ["worktree", "add", "-q", "-b", "raw", wt]);
    // husky's .husky/_ is per worktree; the main worktree's node_modules serves this one.
    const inst = sh(join(repo, "node_modules", ".bin", "install-ml-hooks"), [], wt);
    expect(inst.code, inst.stderr).toBe(0);
    write("data/a.csv", "x\n", wt);
    ok("git", ["add", "data/a.csv"], wt);
    const r = sh("git", ["commit", "-m", "raw data"], wt);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('without a "Data-Source:" trailer');
    expect(
      sh("git", ["commit", "-q", "-m", "raw data", "-m", "Data-Source: s3://b/a.csv"], wt).code,
    ).toBe(0);
    ok("git", ["worktree", "remove", "--force", wt]);
  });

  it("--uninstall restores the hooks that were there (git-lfs's pre-push runs again)", () => {
    const r = sh("npx", ["--no-install", "install-ml-hooks", "--uninstall"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("core.hooksPath: unset");
    expect(sh("git", ["config", "core.hooksPath"]).code).toBe(1);
    expect(existsSync(join(repo, ".git", "hooks", "pre-push"))).toBe(true);
    write("assets/more.bin", Buffer.alloc(2048, 3));
    ok("git", ["add", "-A"]);
    ok("git", ["commit", "-q", "-m", "uninstall mlbranch, one more asset"]);
    expect(sh("git", ["push", "-q", "origin", "main"]).code).toBe(0);
    expect(lfsObjects(bare)).toBe(2);
  });
});
