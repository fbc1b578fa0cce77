import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitHooks, hooksEnv, installHooks, linkPackage } from "../helpers/installed.js";
import { missing } from "../helpers/requires.js";
import { makeRepo, PROJECT_ROOT, type Repo, run, withRepo } from "../helpers/withRepo.js";

// A hook that records its name, arguments and stdin, so chaining is observable.
const recorder = (name: string) =>
  `#!/bin/sh\n{ echo "${name} $*"; cat; } >> "$(git rev-parse --git-common-dir)/chain.log"\nexit 0\n`;

/** A repository with a first commit, the package linked and the hooks installed and committed. */
function installedWithCommits(repo: Repo): void {
  repo.write("a.txt", "a\n");
  repo.commit("start");
  linkPackage(repo.dir);
  installHooks(repo);
  repo.commit("mlbranch");
}

/** A PATH with a `node` first that appends `line` (shell words) to `log`, then runs the real one. */
function loggingNode(repo: Repo, log: string, line: string): string {
  const bin = join(repo.dir, ".git", "fake-bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "node"),
    `#!/bin/sh\necho "${line}" >> "${log}"\nexec "${process.execPath}" "$@"\n`,
  );
  chmodSync(join(bin, "node"), 0o755);
  return `${bin}:${process.env.PATH}`;
}

function chainLog(dir: string): string {
  const f = join(dir, ".git", "chain.log");
  return existsSync(f) ? readFileSync(f, "utf8") : "";
}

describe("hooks: chaining what was there, and uninstall", () => {
  it("runs .git/hooks after mlbranch's checks, with arguments and pre-push stdin, and restores them", () =>
    withRepo((repo) => {
      repo.write("train.py", "print(1)\n");
      repo.commit("start");
      for (const h of ["pre-commit", "pre-push", "post-commit"])
        repo.write(`.git/hooks/${h}`, recorder(h), 0o755);
      linkPackage(repo.dir);
      expect(installHooks(repo).stdout).toContain(".husky/post-commit");
      gitHooks(repo, ["add", "-A"]);
      const ok = gitHooks(repo, ["commit", "-m", "install mlbranch"]);
      expect(ok.code).toBe(0);
      expect(chainLog(repo.dir)).toContain("pre-commit");
      expect(chainLog(repo.dir)).toContain("post-commit");

      // A refused commit stops before the chained hook.
      repo.write("data/x.csv", "a\n");
      gitHooks(repo, ["add", "data/x.csv"]);
      const before = chainLog(repo.dir);
      expect(gitHooks(repo, ["commit", "-m", "data on main"]).code).toBe(1);
      expect(chainLog(repo.dir)).toBe(before);
      gitHooks(repo, ["reset", "-q", "data/x.csv"]);
      repo.rm("data");

      const bare = makeRepo({ bare: true });
      try {
        repo.git("remote", "add", "origin", bare.dir);
        const push = gitHooks(repo, ["push", "origin", "main"]);
        expect(push.code).toBe(0);
        const head = repo.git("rev-parse", "HEAD");
        expect(chainLog(repo.dir)).toContain(
          `pre-push origin ${bare.dir}\nrefs/heads/main ${head} refs/heads/main 0000000000000000000000000000000000000000`,
        );
      } finally {
        rmSync(bare.dir, { recursive: true, force: true });
      }

      const un = installHooks(repo, ["--uninstall"]);
      expect(un.code).toBe(0);
      expect(un.stdout).toContain("core.hooksPath: unset");
      expect(repo.tryGit("config", "core.hooksPath").code).toBe(1);
      expect(existsSync(join(repo.dir, ".husky", "pre-commit"))).toBe(false);
      expect(repo.tryGit("config", "merge.mlbranch-jsonl.driver").code).toBe(1);
      expect(existsSync(join(repo.dir, ".gitattributes"))).toBe(false);
      const log = chainLog(repo.dir);
      gitHooks(repo, ["commit", "--allow-empty", "-m", "after uninstall"]);
      expect(chainLog(repo.dir).slice(log.length)).toContain("pre-commit");
      expect(installHooks(repo, ["--uninstall"]).stdout).toContain("nothing changed");
    }));

  it("chains an earlier core.hooksPath and puts it back on uninstall", () =>
    withRepo((repo) => {
      repo.write("githooks/pre-commit", recorder("custom-pre-commit"), 0o755);
      repo.git("config", "core.hooksPath", "githooks");
      linkPackage(repo.dir);
      installHooks(repo);
      expect(gitHooks(repo, ["commit", "--allow-empty", "-m", "x"]).code).toBe(0);
      expect(chainLog(repo.dir)).toContain("custom-pre-commit");
      expect(installHooks(repo, ["--uninstall"]).stdout).toContain(
        "core.hooksPath: restored to githooks",
      );
      expect(repo.git("config", "core.hooksPath")).toBe("githooks");
    }));

  it("keeps a husky user's own hook lines, which still get pre-push stdin", () =>
    withRepo((repo) => {
      repo.write(
        ".husky/pre-push",
        'echo "user pre-push $1" >> .git/user.log\ncat >> .git/user.log\n',
      );
      repo.write("a.txt", "a\n");
      repo.commit("start");
      linkPackage(repo.dir);
      installHooks(repo);
      const text = repo.read(".husky/pre-push");
      expect(text.indexOf("# >>> mlbranch")).toBe(0);
      expect(text).toContain('echo "user pre-push $1"');
      const bare = makeRepo({ bare: true });
      repo.git("remote", "add", "origin", bare.dir);
      const pushed = gitHooks(repo, ["push", "origin", "main"]);
      rmSync(bare.dir, { recursive: true, force: true });
      expect(pushed.code).toBe(0);
      const log = repo.read(".git/user.log");
      expect(log).toContain("user pre-push origin");
      expect(log).toContain(`refs/heads/main ${repo.git("rev-parse", "HEAD")} refs/heads/main`);
      installHooks(repo, ["--uninstall"]);
      expect(repo.read(".husky/pre-push")).toBe(
        'echo "user pre-push $1" >> .git/user.log\ncat >> .git/user.log\n',
      );
    }));

  it("works in a linked worktree, using the main worktree's node_modules", () =>
    withRepo((repo) => {
      installedWithCommits(repo);
      const wt = `${repo.dir}-wt`;
      try {
        repo.git("worktree", "add", "-q", "-b", "raw", wt);
        // husky's .husky/_ is per worktree (git ignores it): the installer makes it there.
        const r = installHooks(repo, [], { cwd: wt });
        expect(r.code).toBe(0);
        // The main worktree's node_modules serves this one: no "cannot run" warning.
        expect(r.stderr).not.toContain("cannot run");
        repo.write("../" + wt.split("/").pop() + "/data/x.csv", "a\n");
        gitHooks(repo, ["add", "data/x.csv"], { cwd: wt });
        const c = gitHooks(repo, ["commit", "-m", "raw data without provenance"], { cwd: wt });
        expect(c.code).toBe(1);
        expect(c.stderr).toContain('without a "Data-Source:" trailer');
        const ok = gitHooks(repo, ["commit", "-m", "raw data", "-m", "Data-Source: s3://b/x.csv"], {
          cwd: wt,
        });
        expect(ok.code).toBe(0);
      } finally {
        repo.git("worktree", "remove", "--force", wt);
      }
    }));

  it("checks commits in a worktree made by git worktree add, with no install run there", () =>
    withRepo((repo) => {
      installedWithCommits(repo);
      const wt = `${repo.dir}-wt2`;
      try {
        // git runs the main worktree's post-checkout in the new one: it copies husky's runners.
        const add = gitHooks(repo, ["worktree", "add", "-q", "-b", "raw", wt]);
        expect(add.code).toBe(0);
        expect(add.stderr).toContain("copied from the main worktree");
        expect(existsSync(join(wt, ".husky", "_", "h"))).toBe(true);
        mkdirSync(join(wt, "data"));
        writeFileSync(join(wt, "data", "x.csv"), "a\n");
        gitHooks(repo, ["add", "data/x.csv"], { cwd: wt });
        const c = gitHooks(repo, ["commit", "-m", "raw data without provenance"], { cwd: wt });
        expect(c.code).toBe(1);
        expect(c.stderr).toContain('without a "Data-Source:" trailer');
        // A checkout in the main worktree copies nothing and says nothing.
        const co = gitHooks(repo, ["checkout", "-q", "-b", "dev/y"]);
        expect(co.stderr).toBe("");
      } finally {
        repo.git("worktree", "remove", "--force", wt);
      }
    }));

  it("still checks through mlbranch-hook when the installed mlbranch has no per-hook entries", () =>
    withRepo((repo) => {
      installedWithCommits(repo);
      // A teammate's node_modules holds an mlbranch from before dist/hooks/ existed.
      const pkg = join(repo.dir, "node_modules", "mlbranch");
      rmSync(pkg);
      mkdirSync(pkg);
      for (const part of ["package.json", "dist", "schema", "templates"])
        cpSync(join(PROJECT_ROOT, part), join(pkg, part), { recursive: true });
      rmSync(join(pkg, "dist", "hooks"), { recursive: true });
      symlinkSync(join(PROJECT_ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
      repo.git("checkout", "-q", "-b", "raw");
      repo.write("data/x.csv", "x\n1\n");
      gitHooks(repo, ["add", "data/x.csv"]);
      const r = gitHooks(repo, ["commit", "-m", "raw data without its source"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('without a "Data-Source:" trailer');
      expect(r.stderr).not.toContain("checks nothing");
    }));

  it("commit-msg skips Node where no trailer rule applies, and still checks where one does", () =>
    withRepo((repo) => {
      installedWithCommits(repo);
      const log = join(repo.dir, ".git", "node.log");
      const env = hooksEnv({ PATH: loggingNode(repo, log, '$(basename "$1" .js)') });
      const started = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []);
      repo.git("checkout", "-q", "-b", "dev/x");
      repo.write("b.py", "b = 1\n");
      gitHooks(repo, ["add", "b.py"]);
      expect(gitHooks(repo, ["commit", "-q", "-m", "code"], { env }).code).toBe(0);
      const marker = join(repo.dir, ".git", "mlbranch", "commit-msg.skip");
      expect(readFileSync(marker, "utf8")).toMatch(/^refs\/heads\/dev\/x [0-9a-f]{40}\n$/);
      expect(started()).toEqual(["pre-commit"]);
      rmSync(log);
      repo.git("checkout", "-q", "-b", "raw", "main");
      repo.write("data/x.csv", "x\n");
      gitHooks(repo, ["add", "data/x.csv"]);
      const r = gitHooks(repo, ["commit", "-m", "raw data"], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('without a "Data-Source:" trailer');
      expect(existsSync(marker)).toBe(false);
      expect(started()).toEqual(["pre-commit", "commit-msg"]);
    }));

  it.skipIf(missing("git-lfs"))(
    "post-commit starts no Node for Git LFS's own chained hook until lockable files or other lines give it work",
    () =>
      withRepo((repo) => {
        repo.write("a.txt", "a\n");
        repo.commit("start");
        repo.git("lfs", "install", "--local"); // writes .git/hooks/post-commit, as teams have it
        linkPackage(repo.dir);
        installHooks(repo);
        repo.commit("mlbranch");
        const log = join(repo.dir, ".git", "node.log");
        const env = hooksEnv({ PATH: loggingNode(repo, log, '$(basename "$1" .js)') });
        const started = () => {
          const lines = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
          rmSync(log, { force: true });
          return lines;
        };
        repo.git("checkout", "-q", "-b", "dev/x");
        const commit = (path: string, text: string) => {
          repo.write(path, text);
          repo.git("add", "-A");
          const r = gitHooks(repo, ["commit", "-q", "-m", `write ${path}`], { env });
          expect(r.code, r.stderr).toBe(0);
          return started();
        };
        expect(commit("b.py", "b = 1\n")).toEqual(["pre-commit"]);
        // Lockable files: Git LFS's post-commit has work (it makes them read-only), through Node.
        repo.git("lfs", "track", "--lockable", "*.bin");
        expect(commit("w.bin", "weights\n")).toEqual(["pre-commit", "mlbranch-hook"]);
        expect(statSync(join(repo.dir, "w.bin")).mode & 0o222).toBe(0);
        repo.write(".gitattributes", repo.read(".gitattributes").replace(/ lockable/g, ""));
        expect(commit("c.py", "c = 1\n")).toEqual(["pre-commit"]);
        // Lockable in a subfolder's .gitattributes: Git LFS reads it, so Node runs its hook.
        repo.write("assets/.gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text lockable\n");
        expect(commit("assets/m.bin", "model\n")).toEqual(["pre-commit", "mlbranch-hook"]);
        expect(statSync(join(repo.dir, "assets/m.bin")).mode & 0o222).toBe(0);
        repo.rm("assets");
        repo.git("add", "-A");
        repo.git("commit", "-q", "--no-verify", "-m", "no assets");
        started();
        // And in .git/info/attributes.
        repo.write(".git/info/attributes", "*.onnx lockable\n");
        expect(commit("e.py", "e = 1\n")).toEqual(["pre-commit", "mlbranch-hook"]);
        repo.rm(".git/info/attributes");
        expect(commit("f.py", "f = 1\n")).toEqual(["pre-commit"]);
        // A line of the user's own in the chained hook: Node runs and chains it.
        const hook = join(repo.dir, ".git", "hooks", "post-commit");
        appendFileSync(hook, 'echo "own post-commit" >> "$(git rev-parse --git-dir)/own.log"\n');
        expect(commit("d.py", "d = 1\n")).toEqual(["pre-commit", "mlbranch-hook"]);
        expect(readFileSync(join(repo.dir, ".git", "own.log"), "utf8")).toBe("own post-commit\n");
      }),
  );

  it("commit-msg's skip check reads the marker without git in the usual layout, with git otherwise", () =>
    withRepo((repo) => {
      installedWithCommits(repo);
      // GIT_TRACE logs every git call (git puts its own folder first on the PATH of hooks, so a
      // `git` on PATH would not see them).
      const log = join(repo.dir, ".git", "calls.log");
      const env = hooksEnv({
        PATH: loggingNode(repo, log, 'node $(basename "$1" .js)'),
        GIT_TRACE: log,
      });
      const calls = () => {
        const lines = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
        rmSync(log, { force: true });
        return {
          nodes: lines.filter((l) => l.startsWith("node ")),
          // commit-msg's own call (pre-commit's rev-parse asks for --git-dir, not --git-path)
          skipCheck: lines.filter((l) => l.includes("--git-path mlbranch/commit-msg.skip")).length,
        };
      };
      repo.git("checkout", "-q", "-b", "dev/x");
      const commit = (n: number) => {
        repo.write("b.py", `b = ${n}\n`);
        repo.git("add", "b.py");
        const r = gitHooks(repo, ["commit", "-q", "-m", `code ${n}`], { env });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        return calls();
      };
      commit(1); // the first commit on the branch: its ref file is not there yet
      expect(commit(2)).toEqual({ nodes: ["node pre-commit"], skipCheck: 0 });
      // Packed refs: no loose ref file, so one git call answers, and Node still stays off.
      repo.git("pack-refs", "--all");
      expect(commit(3)).toEqual({ nodes: ["node pre-commit"], skipCheck: 1 });
      // A marker left for another HEAD (pre-commit skipped): commit-msg runs Node.
      const marker = join(repo.dir, ".git", "mlbranch", "commit-msg.skip");
      writeFileSync(marker, `refs/heads/dev/x ${"0".repeat(40)}\n`);
      repo.write("b.py", "b = 4\n");
      repo.git("add", "b.py");
      writeFileSync(join(repo.dir, ".git", "msg"), "code 4\n");
      const r = run("sh", ["-c", ".husky/_/commit-msg .git/msg"], repo.dir, { env });
      expect(r.code).toBe(0);
      expect(calls().nodes).toEqual(["node commit-msg"]);
    }));
});
