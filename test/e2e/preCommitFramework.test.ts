import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushMsg } from "../../src/io/messages/push.js";
import { missing } from "../helpers/requires.js";
import { makeRepo, PROJECT_ROOT, type Repo, type Run, run, testEnv } from "../helpers/withRepo.js";

// mlbranch used the way a Python team uses it: the pre-commit framework (Debian's) installs its
// hooks from the repository's URL at a tag (a clone of this checkout's committed tree, served by
// file:// and by git daemon), with no package.json in the project. Each framework install runs
// npm install and the build in the clone (minutes): one install per URL, shared by the cases.
let daemon: ChildProcess | undefined;
let tmp = "";
let home = ""; // PRE_COMMIT_HOME: one cache for the file
let source = ""; // the clone the framework installs from
const TAG = "v0.0.0-framework-test";

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e = testEnv({ PRE_COMMIT_HOME: home });
  delete e.HUSKY;
  // npm's variables from an outer `npm test` would steer the framework's npm.
  for (const k of Object.keys(e)) if (/^npm_/i.test(k)) delete e[k];
  return { ...e, ...extra };
}
const sh = (repo: Repo, cmd: string, args: string[], extra?: NodeJS.ProcessEnv): Run =>
  run(cmd, args, repo.dir, { env: env(extra) });
const git = (repo: Repo, ...args: string[]) => sh(repo, "git", args);
const preCommit = (repo: Repo, ...args: string[]) => sh(repo, "pre-commit", args);
const out = (r: Run) => r.stdout + r.stderr;

function ok(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}):\n${out(r)}`);
  return r;
}

const config = (url: string) => `default_install_hook_types: [pre-commit, commit-msg, pre-push]
repos:
  - repo: ${url}
    rev: ${TAG}
    hooks:
      - id: mlbranch
      - id: mlbranch-commit-msg
      - id: mlbranch-pre-push
      - id: mlbranch-setup
      - id: mlbranch-status
`;

/** A Python project on main, its hooks from `url`, set up as the docs say; pushed to a bare remote. */
function project(url: string): { repo: Repo; remote: Repo } {
  const repo = makeRepo();
  const remote = makeRepo({ bare: true });
  repo.write("train.py", "print('train')\n");
  repo.write(".pre-commit-config.yaml", config(url));
  ok(preCommit(repo, "install-hooks"), "pre-commit install-hooks");
  ok(preCommit(repo, "install"), "pre-commit install");
  const setup = ok(preCommit(repo, "run", "mlbranch-setup", "--hook-stage", "manual"), "setup");
  expect(out(setup)).toContain("merge drivers");
  repo.git("remote", "add", "origin", remote.dir);
  ok(git(repo, "add", "-A"), "add");
  ok(git(repo, "commit", "-m", "project start"), "first commit");
  ok(git(repo, "push", "-q", "origin", "main"), "push main");
  return { repo, remote };
}

const cleanup: string[] = [];
afterAll(() => {
  daemon?.kill("SIGTERM");
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(missing("pre-commit"))("the pre-commit framework installs mlbranch by URL", () => {
  beforeAll(() => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-framework-")));
    cleanup.push(tmp);
    home = join(tmp, "pre-commit-home");
    source = join(tmp, "mlbranch");
    // The committed tree of this checkout, as a repository the framework can clone at a tag.
    ok(run("git", ["clone", "-q", PROJECT_ROOT, source], tmp, { env: testEnv() }), "clone");
    ok(run("git", ["tag", TAG], source, { env: testEnv() }), "tag");
  });

  let p: { repo: Repo; remote: Repo };
  const repo = () => p.repo;
  const branches = () => run("git", ["for-each-ref", "--format=%(refname:short)"], p.remote.dir);

  it("file:// at a tag: install-hooks, then mlbranch-setup with no package.json", () => {
    p = project(`file://${source}`);
    cleanup.push(p.repo.dir, p.remote.dir);
    const r = repo();
    expect(existsSync(join(r.dir, "package.json"))).toBe(false);
    expect(existsSync(join(r.dir, "node_modules"))).toBe(false);
    expect(r.read(".gitattributes")).toContain("merge=mlbranch-csv");
    expect(existsSync(join(r.dir, ".git", "mlbranch", "runtime", "dist", "hooks"))).toBe(true);
    expect(r.git("config", "merge.mlbranch-csv.driver")).toContain(
      "git rev-parse --git-common-dir",
    );
    const s = ok(preCommit(r, "run", "mlbranch-status", "--hook-stage", "manual"), "status");
    expect(out(s)).toContain("hooks: through the pre-commit framework");
    expect(out(s)).toContain("pre-commit installed, commit-msg installed, pre-push installed");
    expect(out(s)).toContain("mlbranch's own pre-push (every pushed ref): installed");
    expect(out(s)).toMatch(/merge drivers: (\d+)\/\1 registered/);
    expect(out(s)).not.toContain("missing link");
  });

  it("a legit raw delivery is committed and pushed; a raw edit is refused at commit and at push", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "raw/main");
    r.write("data/x.csv", "id,v\n1,a\n");
    ok(git(r, "add", "-A"), "add");
    const noTrailer = git(r, "commit", "-m", "delivery 1");
    expect(noTrailer.code).not.toBe(0);
    expect(out(noTrailer)).toContain("Data-Source:");
    ok(git(r, "commit", "-m", "delivery 1", "-m", "Data-Source: s3://vendor/1.csv"), "commit");
    ok(git(r, "push", "-q", "origin", "raw/main"), "push raw/main");
    expect(branches().stdout).toContain("raw/main");

    r.write("data/x.csv", "id,v\n1,EDITED\n");
    ok(git(r, "add", "-A"), "add");
    const edit = git(r, "commit", "-m", "fix a value", "-m", "Data-Source: s3://vendor/fix.csv");
    expect(edit.code).not.toBe(0);
    expect(out(edit)).toContain("data/x.csv");
    // Hooks skipped: the push still judges it.
    ok(
      git(
        r,
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "fix a value",
        "-m",
        "Data-Source: s3://vendor/fix.csv",
      ),
      "commit",
    );
    const push = git(r, "push", "origin", "raw/main");
    expect(push.code).not.toBe(0);
    expect(out(push)).toContain("data/x.csv");
    expect(out(push)).toContain(pushMsg.refused(1, "pre-push"));
  });

  it("a two-ref push whose second ref breaks a rule is refused whole", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "dev/ok", "main");
    r.write("model.py", "print('model')\n");
    ok(git(r, "add", "-A"), "add");
    ok(git(r, "commit", "-m", "code"), "commit on dev/ok");
    const both = git(r, "push", "origin", "dev/ok", "raw/main");
    expect(both.code).not.toBe(0);
    expect(out(both)).toContain("data/x.csv");
    expect(out(both)).toContain(pushMsg.refused(1, "pre-push"));
    expect(branches().stdout).not.toContain("dev/ok");
    // The framework alone (no mlbranch pre-push in its legacy slot) sees one ref: refused, saying how.
    const legacy = join(r.dir, ".git", "hooks", "pre-push.legacy");
    const saved = readFileSync(legacy);
    rmSync(legacy);
    const alone = git(r, "push", "origin", "dev/ok", "raw/main");
    expect(alone.code).not.toBe(0);
    expect(out(alone)).toContain("pre-commit run mlbranch-setup --hook-stage manual");
    const s = preCommit(r, "run", "mlbranch-status", "--hook-stage", "manual");
    expect(out(s)).toContain("mlbranch's own pre-push (every pushed ref): MISSING");
    ok(preCommit(r, "run", "mlbranch-setup", "--hook-stage", "manual"), "setup again");
    expect(readFileSync(legacy)).toEqual(saved);
    // The edit undone, both refs go.
    r.git("checkout", "-q", "raw/main");
    r.git("reset", "-q", "--hard", "origin/raw/main");
    ok(git(r, "push", "-q", "origin", "dev/ok", "raw/main"), "push both");
    expect(branches().stdout).toContain("dev/ok");
  });

  it("the merge drivers merge records with no package.json, and after pre-commit clean", () => {
    const r = repo();
    // After pre-commit clean, commits skip the hooks (--no-verify): the framework would
    // reinstall its environment, and the drivers must work without it.
    const deliver = (branch: string, row: string, ...verify: string[]) => {
      r.git("checkout", "-q", branch);
      r.write("data/x.csv", `${r.read("data/x.csv")}${row}\n`);
      ok(git(r, "add", "-A"), "add");
      const msg = ["-m", `delivery ${row}`, "-m", `Data-Source: s3://v/${row}`];
      ok(git(r, "commit", "-q", ...verify, ...msg), row);
    };
    const merge = () => {
      r.git("checkout", "-q", "raw/main");
      // --no-verify: the framework's commit-msg would reinstall its cleaned environment.
      return git(r, "merge", "--no-verify", "-q", "-m", "merge b", "raw/b");
    };
    r.git("checkout", "-q", "-b", "raw/b", "raw/main");
    deliver("raw/b", "2,b");
    deliver("raw/main", "3,c");
    ok(merge(), "merge");
    expect(r.read("data/x.csv")).toBe("id,v\n1,a\n3,c\n2,b\n");

    ok(preCommit(r, "clean"), "pre-commit clean");
    expect(existsSync(home)).toBe(false);
    deliver("raw/b", "4,d", "--no-verify");
    deliver("raw/main", "5,e", "--no-verify");
    ok(merge(), "merge after pre-commit clean");
    expect(existsSync(home), "the framework's environment came back").toBe(false);
    expect(r.read("data/x.csv")).toBe("id,v\n1,a\n3,c\n2,b\n5,e\n4,d\n");
    const status = run(
      process.execPath,
      [join(r.dir, ".git", "mlbranch", "runtime", "dist", "bin", "mlbranch.js"), "status"],
      r.dir,
      { env: env() },
    );
    expect(out(status)).toMatch(/merge drivers: (\d+)\/\1 registered/);
    expect(out(status)).toContain("runtime copy for the drivers: mlbranch");
  });

  it("a driver whose runtime copy is gone keeps both sides and says how to fix it", () => {
    const r = repo();
    rmSync(join(r.dir, ".git", "mlbranch", "runtime"), { recursive: true });
    r.git("checkout", "-q", "-b", "raw/c", "raw/main");
    r.write("data/x.csv", `${r.read("data/x.csv")}6,f\n`);
    r.commit("delivery 6\n\nData-Source: s3://v/6");
    r.git("checkout", "-q", "raw/main");
    r.write("data/x.csv", `${r.read("data/x.csv")}7,g\n`);
    r.commit("delivery 7\n\nData-Source: s3://v/7");
    const m = git(r, "merge", "--no-verify", "-q", "-m", "merge c", "raw/c");
    expect(m.code).not.toBe(0);
    expect(out(m)).toContain("pre-commit run mlbranch-setup --hook-stage manual");
    expect(r.read("data/x.csv")).toContain("6,f");
    expect(r.read("data/x.csv")).toContain("7,g");
    r.git("merge", "--abort");
  });

  it.skipIf(missing("git-daemon"))(
    "served by git daemon on 127.0.0.1: install-hooks at a tag, a raw edit refused",
    async () => {
      const port = await new Promise<number>((res, rej) => {
        const srv = createServer();
        srv.once("error", rej);
        srv.listen(0, "127.0.0.1", () => {
          const a = srv.address();
          srv.close(() => res(typeof a === "object" && a ? a.port : 0));
        });
      });
      home = join(tmp, "pre-commit-home-daemon");
      mkdirSync(home, { recursive: true });
      daemon = spawn(
        "git",
        [
          "daemon",
          "--reuseaddr",
          "--listen=127.0.0.1",
          `--port=${port}`,
          `--base-path=${tmp}`,
          "--export-all",
          source,
        ],
        { env: testEnv(), stdio: "ignore" },
      );
      const url = `git://127.0.0.1:${port}/mlbranch`;
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = run("git", ["ls-remote", url], tmp, { env: testEnv() }).code === 0;
        if (!up) spawnSync("sleep", ["0.1"]);
      }
      expect(up, `git daemon did not answer on ${url}`).toBe(true);
      const { repo: r, remote } = project(url);
      cleanup.push(r.dir, remote.dir);
      r.git("checkout", "-q", "-b", "raw/main");
      r.write("data/x.csv", "id,v\n1,a\n");
      ok(git(r, "add", "-A"), "add");
      ok(git(r, "commit", "-m", "delivery 1", "-m", "Data-Source: s3://vendor/1.csv"), "commit");
      r.write("data/x.csv", "id,v\n1,EDITED\n");
      ok(git(r, "add", "-A"), "add");
      const edit = git(r, "commit", "-m", "fix a value", "-m", "Data-Source: s3://vendor/fix.csv");
      expect(edit.code).not.toBe(0);
      expect(out(edit)).toContain("data/x.csv");
    },
  );

  it("current pre-commit's install command (npm install -g git+file://<clone>) builds the package", () => {
    // pre-commit >= 3.x's languages/node.py: npm install --allow-git=root --install-links -g
    // git+file://<its clone>, in an environment whose npm prefix is its own folder.
    const prefix = join(tmp, "node-env");
    const e = env({ NPM_CONFIG_PREFIX: prefix, npm_config_prefix: prefix });
    const r = run(
      "npm",
      ["install", "--allow-git=root", "--install-links", "-g", `git+file://${source}`],
      tmp,
      { env: e },
    );
    ok(r, "npm install -g git+file://");
    const bin = join(prefix, "bin");
    expect(
      existsSync(join(prefix, "lib", "node_modules", "mlbranch", "dist", "hooks", "pre-push.js")),
    ).toBe(true);
    const help = run(join(bin, "mlbranch"), ["--help"], tmp, { env: e });
    expect(help.code, out(help)).toBe(0);
    expect(help.stdout).toContain("Usage");
  });
});
