import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gitHooks, hooksEnv, installHooks, linkPackage } from "../helpers/installed.js";
import { missing } from "../helpers/requires.js";
import { makeRepo, PROJECT_ROOT, type Repo, run, withRepo } from "../helpers/withRepo.js";

// The framework's cache (it clones nothing here: `repo: local` hooks only, no network).
const home = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-pre-commit-home-")));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const env = () => hooksEnv({ PRE_COMMIT_HOME: home });

// Two local hooks that record that they ran: one at commit, one at push.
const CONFIG = `repos:
  - repo: local
    hooks:
      - id: record-commit
        name: record-commit
        entry: sh -c 'echo commit >> .git/framework.log'
        language: system
        pass_filenames: false
        always_run: true
        stages: [commit]
      - id: record-push
        name: record-push
        entry: sh -c 'echo push >> .git/framework.log'
        language: system
        pass_filenames: false
        always_run: true
        stages: [push]
`;

const log = (repo: Repo) => {
  const f = join(repo.dir, ".git", "framework.log");
  return existsSync(f) ? readFileSync(f, "utf8") : "";
};
const git = (repo: Repo, ...args: string[]) => gitHooks(repo, args, { env: env() });
const preCommit = (repo: Repo, ...args: string[]) =>
  run("pre-commit", args, repo.dir, { env: env() });

function start(repo: Repo): void {
  repo.write("train.py", "print(1)\n");
  repo.write(".pre-commit-config.yaml", CONFIG);
  repo.commit("start");
}

function pushTo(repo: Repo): { code: number; stdout: string; stderr: string } {
  const bare = makeRepo({ bare: true });
  try {
    repo.git("remote", "add", "origin", bare.dir);
    return git(repo, "push", "origin", "main");
  } finally {
    rmSync(bare.dir, { recursive: true, force: true });
  }
}

describe.skipIf(missing("pre-commit"))("the pre-commit framework and mlbranch", () => {
  it("framework first: its hooks keep running, once, after mlbranch's checks", () =>
    withRepo((repo) => {
      start(repo);
      expect(
        preCommit(repo, "install", "--hook-type", "pre-commit", "--hook-type", "pre-push").code,
      ).toBe(0);
      linkPackage(repo.dir);
      expect(installHooks(repo, [], { env: env() }).code).toBe(0);
      git(repo, "add", "-A");
      const c = git(repo, "commit", "-m", "mlbranch");
      expect(c.code, c.stdout + c.stderr).toBe(0);
      expect(log(repo)).toBe("commit\n");
      // A refused commit stops before the framework.
      repo.write("data/x.csv", "a\n");
      git(repo, "add", "data/x.csv");
      expect(git(repo, "commit", "-m", "data on main").code).toBe(1);
      expect(log(repo)).toBe("commit\n");
      repo.git("reset", "-q", "data/x.csv");
      repo.rm("data");
      expect(pushTo(repo).code).toBe(0);
      expect(log(repo)).toBe("commit\npush\n");
    }));

  it("mlbranch first: pre-commit install refuses (core.hooksPath), and its hooks run anyway", () =>
    withRepo((repo) => {
      start(repo);
      linkPackage(repo.dir);
      expect(installHooks(repo, [], { env: env() }).code).toBe(0);
      repo.commit("mlbranch");
      const refused = preCommit(repo, "install");
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain("core.hooksPath");
      const c = git(repo, "commit", "--allow-empty", "-m", "x");
      expect(c.code, c.stdout + c.stderr).toBe(0);
      expect(log(repo)).toBe("commit\n");
      expect(pushTo(repo).code).toBe(0);
      expect(log(repo)).toBe("commit\npush\n");
      // A failing framework hook fails the commit, as it would on its own.
      repo.write(".pre-commit-config.yaml", CONFIG.replace("echo commit", "exit 3"));
      git(repo, "add", "-A");
      expect(git(repo, "commit", "-m", "y").code).not.toBe(0);
    }));

  it("framework-managed: mlbranch's hooks from .pre-commit-hooks.yaml, drivers from --drivers-only", () =>
    withRepo((repo) => {
      // The shipped hook definitions, as a local repo running the linked package's bin.
      const shipped = readFileSync(join(PROJECT_ROOT, ".pre-commit-hooks.yaml"), "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) =>
          `      ${l}`
            .replace("language: node", "language: system")
            .replace("entry: mlbranch-hook", "entry: node_modules/.bin/mlbranch-hook"),
        )
        .join("\n");
      repo.write(".pre-commit-config.yaml", `repos:\n  - repo: local\n    hooks:\n${shipped}\n`);
      repo.write("train.py", "print(1)\n");
      repo.write(".gitignore", "node_modules/\n");
      repo.commit("start");
      linkPackage(repo.dir);
      const types = ["pre-commit", "commit-msg", "pre-push"].flatMap((t) => ["--hook-type", t]);
      expect(preCommit(repo, "install", ...types).code).toBe(0);
      const d = repo.mlbranch(["init", "--drivers-only"]);
      expect(d.code, d.stderr).toBe(0);
      expect(repo.git("config", "merge.mlbranch-jsonl.driver")).toContain("node_modules/mlbranch");
      expect(repo.tryGit("config", "core.hooksPath").code).toBe(1);
      expect(existsSync(join(repo.dir, ".husky"))).toBe(false);
      git(repo, "add", "-A");
      expect(git(repo, "commit", "-m", "drivers").code).toBe(0);

      repo.write("data/x.csv", "a\n");
      git(repo, "add", "data/x.csv");
      const refused = git(repo, "commit", "-m", "data on main");
      expect(refused.code).toBe(1);
      expect(refused.stdout + refused.stderr).toContain("data/x.csv");
      // commit-msg: raw data needs its provenance trailer.
      repo.git("checkout", "-q", "-b", "raw");
      const noTrailer = git(repo, "commit", "-m", "raw data");
      expect(noTrailer.code).toBe(1);
      expect(noTrailer.stdout + noTrailer.stderr).toContain("Data-Source:");
      expect(git(repo, "commit", "-m", "raw data", "-m", "Data-Source: s3://b/x.csv").code).toBe(0);
      // pre-push: a commit made with --no-verify is still judged.
      repo.git("checkout", "-q", "main");
      repo.write("data/y.csv", "b\n");
      repo.commit("data on main, hooks skipped");
      const push = pushTo(repo);
      expect(push.code).not.toBe(0);
      // The framework prints its hooks' output on stdout. It hands the hook one ref of the
      // push: refused, naming the setup that installs mlbranch's own pre-push.
      expect(push.stdout + push.stderr).toContain("data/y.csv");
      expect(push.stdout + push.stderr).toContain("pre-commit run mlbranch-setup");
    }));
});
