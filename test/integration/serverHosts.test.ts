import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GitServer, startDaemon, startHttp } from "../helpers/gitServers.js";
import { missing } from "../helpers/requires.js";
import { makeRepo, PROJECT_ROOT, type Repo, type Run, run } from "../helpers/withRepo.js";

// Servers as teams host them, reached as clients reach them: smart HTTP (git http-backend behind
// lighttpd) and git daemon, pushes with --no-verify (no client hook helps). The hook is installed
// from an admin's clone that is deleted before the first push: the server stands alone.

const FIXTURES = join(PROJECT_ROOT, "test", "fixtures", "server");
const temps: string[] = [];
const made: Repo[] = [];
afterEach(() => {
  for (const r of made.splice(0)) rmSync(r.dir, { recursive: true, force: true });
});
afterAll(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), `mlbranch-${name}-`)));
  temps.push(d);
  return d;
}

/** A bare repository `<root>/<name>`, receive-pack over HTTP on. */
function bareIn(root: string, name: string): string {
  const dir = join(root, name);
  const r = run("git", ["init", "-q", "--bare", "-b", "main", dir], root);
  expect(r.code, r.stderr).toBe(0);
  appendFileSync(join(dir, "config"), "[gc]\n\tauto = 0\n[http]\n\treceivepack = true\n");
  return dir;
}

/** An admin's clone with mlbranch installed in its node_modules (the built package's files). */
function adminClone(): { dir: string; cli: string } {
  const dir = tempDir("admin");
  const pkg = join(dir, "node_modules", "mlbranch");
  for (const part of [
    "package.json",
    ".gitattributes.template",
    "schema",
    "templates",
    "dist/bin",
    "dist/chunks",
  ])
    cpSync(join(PROJECT_ROOT, part), join(pkg, part), { recursive: true });
  for (const part of ["dist/hooks", "dist/vendor", "dist/workers"])
    cpSync(join(PROJECT_ROOT, part), join(pkg, part), { recursive: true });
  // mlbranch's own dependencies, as npm puts them beside it.
  for (const dep of ["husky", "lint-staged"])
    symlinkSync(join(PROJECT_ROOT, "node_modules", dep), join(dir, "node_modules", dep));
  return { dir, cli: join(pkg, "dist", "bin", "mlbranch.js") };
}

/** `mlbranch init --server` run from a throwaway admin clone, which is deleted afterwards. */
function installFromAdminClone(bare: string, ...args: string[]): Run {
  const admin = adminClone();
  const r = run(process.execPath, [admin.cli, "init", "--server", bare, ...args], admin.dir);
  expect(r.code, r.stderr).toBe(0);
  rmSync(admin.dir, { recursive: true, force: true });
  return r;
}

/** A client clone (no hooks) with main pushed to `url`. */
function client(url: string, config?: object): Repo {
  const repo = makeRepo();
  made.push(repo);
  repo.write("README.md", "# p\n");
  if (config) repo.write("mlbranch.json", JSON.stringify(config, null, 2));
  repo.commit("start");
  repo.git("remote", "add", "origin", url);
  accepted(push(repo, "main"));
  return repo;
}

const push = (repo: Repo, ...args: string[]) =>
  repo.tryGit("push", "--no-verify", "origin", ...args);

function refused(r: Run, text: string): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stderr).toContain("pre-receive hook declined");
  expect(r.stderr).toContain(text);
}

function accepted(r: Run): void {
  expect(r.code, r.stderr).toBe(0);
}

/** A bare repository's objects: a refused push leaves nothing behind (git's quarantine). */
function hasObject(bare: string, sha: string): boolean {
  return run("git", ["cat-file", "-e", sha], bare).code === 0;
}

function dataOnMain(repo: Repo): string {
  repo.write("data/x.csv", "a\n");
  return repo.commit("data on main");
}

describe.skipIf(missing("lighttpd"))("smart HTTP (git http-backend behind lighttpd)", () => {
  let root = "";
  let http: GitServer;
  beforeAll(async () => {
    root = tempDir("http");
    bareIn(root, "probe.git");
    http = await startHttp(root, "probe.git");
  });
  afterAll(() => http?.stop());

  it("plain git: a hook that stands alone after the admin's clone is deleted, upgraded with one command", () => {
    const bare = bareIn(root, "plain.git");
    const out = installFromAdminClone(bare);
    expect(out.stdout).toContain("(plain git)");
    expect(out.stdout).toContain(`hook: ${join(bare, "hooks", "pre-receive")}`);
    expect(out.stdout).toContain(`: ${join(bare, "mlbranch")} (its own copy`);
    expect(out.stderr).toContain(`npx mlbranch@latest init --server ${bare}`);
    const hook = readFileSync(join(bare, "hooks", "pre-receive"), "utf8");
    expect(hook).toContain(join(bare, "mlbranch", "dist", "hooks", "pre-receive.js"));
    expect(hook).not.toContain("node_modules");

    const repo = client(http.url("plain.git"));
    const bad = dataOnMain(repo);
    refused(push(repo, "main"), "data/x.csv may not be committed on main");
    expect(hasObject(bare, bad)).toBe(false);
    repo.git("reset", "-q", "--hard", "origin/main");
    repo.write("notes.md", "n\n");
    repo.commit("notes");
    accepted(push(repo, "main"));
    // Merges load what only merges need (record attributes, code-by-merge): from the copy too.
    repo.git("checkout", "-q", "-b", "dev/x");
    repo.write("train.py", "print(1)\n");
    repo.commit("code");
    accepted(push(repo, "dev/x"));
    repo.git("checkout", "-q", "-b", "stable/x", "main");
    repo.git("merge", "-q", "--no-ff", "--no-edit", "dev/x");
    accepted(push(repo, "stable/x"));
    // An evil merge: dev's next commit merged with a hand edit on top.
    repo.git("checkout", "-q", "dev/x");
    repo.write("serve.py", "print(3)\n");
    repo.commit("more code");
    accepted(push(repo, "dev/x"));
    repo.git("checkout", "-q", "stable/x");
    repo.git("merge", "-q", "--no-ff", "--no-commit", "dev/x");
    repo.write("serve.py", "print(4)\n");
    repo.commit("merge dev/x");
    refused(push(repo, "stable/x"), "serve.py");
    repo.git("checkout", "-q", "main");

    // Again from the same build: nothing to do. From another version (an upgrade): one command.
    const again = installFromAdminClone(bare);
    expect(again.stdout).toContain("are up to date; nothing changed");
    const pj = join(bare, "mlbranch", "package.json");
    writeFileSync(pj, readFileSync(pj, "utf8").replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
    const upgraded = installFromAdminClone(bare);
    expect(upgraded.stdout).toContain("installed the server hook");
    expect(JSON.parse(readFileSync(pj, "utf8")).version).not.toBe("0.0.1");
    dataOnMain(repo);
    refused(push(repo, "main"), "data/x.csv may not be committed on main");
  });

  it("a shared install folder (--install-dir) serves the repository; an older pre-receive keeps running", () => {
    const bare = bareIn(root, "shared.git");
    const older = join(bare, "hooks", "pre-receive");
    // It also says whether git's quarantine reached it through mlbranch (the push's objects
    // are only visible through the variables git sets).
    writeFileSync(
      older,
      [
        "#!/bin/sh",
        'test -n "$GIT_QUARANTINE_PATH" && q=kept',
        'echo "older hook ran, quarantine $q" >&2',
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const shared = join(tempDir("opt"), "mlbranch");
    const out = installFromAdminClone(bare, "--install-dir", shared);
    expect(out.stdout).toContain(`: ${shared} (its own copy`);
    expect(existsSync(join(bare, "mlbranch"))).toBe(false);
    expect(existsSync(join(bare, "hooks", "pre-receive.pre-mlbranch"))).toBe(true);
    const repo = client(http.url("shared.git"));
    repo.write("notes.md", "n\n");
    repo.commit("notes");
    const ok = push(repo, "main");
    accepted(ok);
    expect(ok.stderr).toContain("older hook ran, quarantine kept");
    dataOnMain(repo);
    refused(push(repo, "main"), "data/x.csv may not be committed on main");
  });

  it("Gitea/Forgejo: installs into pre-receive.d/, leaves the dispatcher and pre-receive.d/gitea as they are", () => {
    const bare = bareIn(root, "gitea.git");
    const hooks = join(bare, "hooks");
    // Gitea's own hook binary, stood in for by a script that records each run.
    const ran = join(bare, "gitea-ran.log");
    const app = join(bare, "fake-gitea");
    writeFileSync(app, `#!/bin/sh\ncat >/dev/null\necho "$*" >> ${ran}\n`, { mode: 0o755 });
    const dispatcher = readFileSync(join(FIXTURES, "gitea", "pre-receive"), "utf8");
    const giteaHook = readFileSync(join(FIXTURES, "gitea", "pre-receive.d-gitea"), "utf8")
      .replace("@APP_PATH@", app)
      .replace("@CUSTOM_CONF@", "/etc/gitea/app.ini");
    writeFileSync(join(hooks, "pre-receive"), dispatcher, { mode: 0o755 });
    mkdirSync(join(hooks, "pre-receive.d"));
    writeFileSync(join(hooks, "pre-receive.d", "gitea"), giteaHook, { mode: 0o755 });

    const out = installFromAdminClone(bare);
    expect(out.stdout).toContain("(Gitea/Forgejo layout)");
    expect(out.stdout).toContain(`hook: ${join(hooks, "pre-receive.d", "mlbranch")}`);
    expect(readFileSync(join(hooks, "pre-receive"), "utf8")).toBe(dispatcher);
    expect(readFileSync(join(hooks, "pre-receive.d", "gitea"), "utf8")).toBe(giteaHook);
    expect(existsSync(join(hooks, "pre-receive.pre-mlbranch"))).toBe(false);

    const repo = client(http.url("gitea.git"));
    expect(readFileSync(ran, "utf8")).toContain("hook --config=/etc/gitea/app.ini pre-receive");
    dataOnMain(repo);
    refused(push(repo, "main"), "data/x.csv may not be committed on main");
    // Gitea's "resync hooks" writes its files again: mlbranch is still run.
    writeFileSync(join(hooks, "pre-receive"), dispatcher, { mode: 0o755 });
    writeFileSync(join(hooks, "pre-receive.d", "gitea"), giteaHook, { mode: 0o755 });
    refused(push(repo, "main"), "data/x.csv may not be committed on main");
  });

  it("Gitea: an older mlbranch that took the dispatcher's place is moved into pre-receive.d/", () => {
    const bare = bareIn(root, "gitea-old.git");
    const hooks = join(bare, "hooks");
    const dispatcher = readFileSync(join(FIXTURES, "gitea", "pre-receive"), "utf8");
    // What earlier versions left: Gitea's dispatcher renamed, mlbranch's script in its place.
    writeFileSync(join(hooks, "pre-receive.pre-mlbranch"), dispatcher, { mode: 0o755 });
    writeFileSync(join(hooks, "pre-receive"), "#!/bin/sh\n# mlbranch pre-receive\nexit 0\n", {
      mode: 0o755,
    });
    mkdirSync(join(hooks, "pre-receive.d"));
    writeFileSync(join(hooks, "pre-receive.d", "gitea"), "#!/bin/sh\ncat >/dev/null\n", {
      mode: 0o755,
    });
    const out = installFromAdminClone(bare);
    expect(out.stdout).toContain("Gitea's dispatcher put back");
    expect(readFileSync(join(hooks, "pre-receive"), "utf8")).toBe(dispatcher);
    expect(existsSync(join(hooks, "pre-receive.pre-mlbranch"))).toBe(false);
    const repo = client(http.url("gitea-old.git"));
    dataOnMain(repo);
    refused(push(repo, "main"), "data/x.csv may not be committed on main");
  });
});

/** stable/resnet with a model, pushed. */
function stableBranch(repo: Repo): void {
  repo.git("checkout", "-q", "-b", "stable/resnet");
  repo.write("models/m.pt", "weights\n");
  repo.commit("model");
  accepted(push(repo, "stable/resnet"));
}

const POINTER = (oid: string, size: number) =>
  `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;

describe.skipIf(missing("lighttpd"))("releases and LFS objects, through smart HTTP", () => {
  let root = "";
  let http: GitServer;
  beforeAll(async () => {
    root = tempDir("http2");
    bareIn(root, "probe.git");
    http = await startHttp(root, "probe.git");
  });
  afterAll(() => http?.stop());

  it("a release tag is created, never moved or deleted; other tags move freely", () => {
    const bare = bareIn(root, "tags.git");
    installFromAdminClone(bare);
    const repo = client(http.url("tags.git"));
    stableBranch(repo);
    repo.git("tag", "-a", "-m", "first", "resnet-1");
    accepted(push(repo, "resnet-1"));
    const first = run("git", ["rev-parse", "refs/tags/resnet-1"], bare).stdout.trim();

    repo.write("models/m.pt", "better weights\n");
    repo.commit("retrain");
    accepted(push(repo, "stable/resnet"));
    repo.git("tag", "-f", "-a", "-m", "moved", "resnet-1");
    refused(push(repo, "--force", "resnet-1"), "tag resnet-1 is a release");
    refused(push(repo, ":refs/tags/resnet-1"), "deleting tag resnet-1 is refused");
    expect(run("git", ["rev-parse", "refs/tags/resnet-1"], bare).stdout.trim()).toBe(first);
    repo.git("tag", "-a", "-m", "second", "resnet-2");
    accepted(push(repo, "resnet-2"));

    // A tag that is no release (it fits no tagPattern) may move and go.
    repo.git("checkout", "-q", "main");
    repo.git("tag", "docs-draft");
    accepted(push(repo, "docs-draft"));
    repo.write("notes.md", "n\n");
    repo.commit("notes");
    accepted(push(repo, "main"));
    repo.git("tag", "-f", "docs-draft");
    accepted(push(repo, "--force", "docs-draft"));
    accepted(push(repo, ":refs/tags/docs-draft"));
  });

  it('"immutableTags": false lets a team move and delete release tags', () => {
    const bare = bareIn(root, "tags-free.git");
    installFromAdminClone(bare);
    const repo = client(http.url("tags-free.git"), { version: 1, immutableTags: false });
    stableBranch(repo);
    repo.git("tag", "resnet-1");
    accepted(push(repo, "resnet-1"));
    repo.write("models/m.pt", "better weights\n");
    repo.commit("retrain");
    accepted(push(repo, "stable/resnet"));
    repo.git("tag", "-f", "resnet-1");
    accepted(push(repo, "--force", "resnet-1"));
    accepted(push(repo, ":refs/tags/resnet-1"));
  });

  it("git-lfs's own store in the bare repository: a pointer to an object it lacks is refused on raw", () => {
    const bare = bareIn(root, "lfs.git");
    installFromAdminClone(bare);
    mkdirSync(join(bare, "lfs", "objects"), { recursive: true });
    const repo = client(http.url("lfs.git"));
    const content = "id,v\n1,2\n";
    const oid = createHash("sha256").update(content).digest("hex");
    repo.git("checkout", "-q", "-b", "raw");
    repo.write("data/a.csv", POINTER(oid, content.length));
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "raw data", "-m", "Data-Source: s3://b/a.csv");
    refused(push(repo, "raw"), "not in the server's LFS store");
    // Uploaded (as git-lfs would store it), the same push goes through.
    const dir = join(bare, "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, oid), content);
    accepted(push(repo, "raw"));
    // On dev (no requireLfsObjects) a missing object is a warning only.
    repo.git("checkout", "-q", "-b", "dev/x", "main");
    const other = "a".repeat(64);
    repo.write("sample.csv", POINTER(other, 10));
    repo.commit("sample");
    const dev = push(repo, "dev/x");
    accepted(dev);
    expect(dev.stderr).toContain("not in the server's LFS store");
  });

  it("a store the admin names (--lfs-store, Gitea's data/lfs layout) is what pre-receive asks", () => {
    const bare = bareIn(root, "lfs-gitea.git");
    const store = join(tempDir("gitea-data"), "lfs");
    mkdirSync(store);
    installFromAdminClone(bare, "--lfs-store", store);
    const repo = client(http.url("lfs-gitea.git"));
    const content = "id,v\n7,8\n";
    const oid = createHash("sha256").update(content).digest("hex");
    repo.git("checkout", "-q", "-b", "raw");
    repo.write("data/a.csv", POINTER(oid, content.length));
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "raw data", "-m", "Data-Source: s3://b/a.csv");
    refused(push(repo, "raw"), `not in the server's LFS store (${store})`);
    // Gitea (and GitLab) name an object ab/cd/<the rest of its oid>.
    const dir = join(store, oid.slice(0, 2), oid.slice(2, 4));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, oid.slice(4)), content);
    accepted(push(repo, "raw"));
  });

  it("a time budget: a push not judged in time is refused with a message, not let through", () => {
    const bare = bareIn(root, "budget.git");
    installFromAdminClone(bare, "--time-budget", "0.001");
    const repo = makeRepo();
    made.push(repo);
    repo.write("README.md", "# p\n");
    repo.commit("start");
    repo.git("remote", "add", "origin", http.url("budget.git"));
    const r = push(repo, "main");
    refused(r, "did not finish within its time budget (0.001 s)");
    expect(r.stderr).toContain("push in smaller steps");
    installFromAdminClone(bare, "--time-budget", "0");
    accepted(push(repo, "main"));
  });
});

describe.skipIf(missing("git-daemon"))("GitLab custom_hooks, through git daemon", () => {
  let root = "";
  let daemon: GitServer;
  beforeAll(async () => {
    root = tempDir("gitlab");
    bareIn(root, "probe.git");
    // Gitaly runs custom hooks with the pusher's GL_ID and friends set.
    daemon = await startDaemon(root, "probe.git", {
      GL_ID: "user-1",
      GL_USERNAME: "alice",
      GL_PROTOCOL: "ssh",
    });
  });
  afterAll(() => daemon?.stop());

  it("writes the tarball for gitaly hooks set; extracted as gitaly does, refusals carry GL-HOOK-ERR:", () => {
    const bare = bareIn(root, "gl.git");
    run("git", ["config", "gitlab.fullpath", "team/project"], bare);
    // A custom hook the repository already has stays in the tarball (hooks set replaces all).
    mkdirSync(join(bare, "custom_hooks", "pre-receive.d"), { recursive: true });
    writeFileSync(
      join(bare, "custom_hooks", "pre-receive.d", "audit"),
      '#!/bin/sh\ncat >/dev/null\necho "audit ran" >&2\n',
      { mode: 0o755 },
    );
    const out = tempDir("gl-out");
    const tarball = join(out, "hooks.tar");
    const r = installFromAdminClone(bare, "--tarball", tarball);
    expect(r.stdout).toContain("(GitLab layout)");
    expect(r.stdout).toContain("gitaly hooks set --storage <storage> --repository <relative path>");
    const list = spawnSync("tar", ["-tf", tarball], { encoding: "utf8" }).stdout;
    expect(list).toContain("custom_hooks/pre-receive.d/mlbranch");
    expect(list).toContain("custom_hooks/pre-receive.d/audit");

    // What gitaly does: custom_hooks replaced by the tarball's, and run for each push.
    rmSync(join(bare, "custom_hooks"), { recursive: true });
    expect(spawnSync("tar", ["-xf", tarball, "-C", bare]).status).toBe(0);
    writeFileSync(
      join(bare, "hooks", "pre-receive"),
      [
        "#!/bin/sh",
        "# stands in for gitaly's hook runner: every custom_hooks/pre-receive.d/* with the push",
        "data=$(cat)",
        'for h in "$GIT_DIR"/custom_hooks/pre-receive.d/*; do',
        '  printf "%s\\n" "$data" | "$h" || exit $?',
        "done",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const repo = client(daemon.url("gl.git"));
    const bad = dataOnMain(repo);
    const no = push(repo, "main");
    refused(no, "GL-HOOK-ERR: mlbranch: push refused by the server (pre-receive)");
    expect(no.stderr).toMatch(/GL-HOOK-ERR: .*data\/x\.csv may not be committed on main/);
    expect(hasObject(bare, bad)).toBe(false);
    repo.git("reset", "-q", "--hard", "origin/main");
    repo.write("notes.md", "n\n");
    repo.commit("notes");
    const ok = push(repo, "main");
    accepted(ok);
    expect(ok.stderr).toContain("audit ran");
  });
});
