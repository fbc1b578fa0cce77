import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gitHooks, hooksEnv, installHooks, linkPackage } from "../helpers/installed.js";
import { missing } from "../helpers/requires.js";
import { makeRepo, PROJECT_ROOT, type Repo, run, withRepo } from "../helpers/withRepo.js";

// The coexistence matrix: each tool set up before and after mlbranch. In every cell the
// tool's hooks still run, mlbranch's rules hold, pushes carry LFS objects, and --uninstall
// leaves the tool working as it did without mlbranch.

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-matrix-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Env = NodeJS.ProcessEnv;
const log = (repo: Repo) => {
  const f = join(repo.dir, ".git", "tool.log");
  return existsSync(f) ? readFileSync(f, "utf8") : "";
};
const ok = (r: { code: number; stdout: string; stderr: string }, what: string) => {
  expect(r.code, `${what}\n${r.stdout}${r.stderr}`).toBe(0);
  return r;
};

function install(repo: Repo, env: Env): void {
  if (!existsSync(join(repo.dir, "node_modules", "mlbranch"))) linkPackage(repo.dir);
  ok(installHooks(repo, [], { env }), "install-ml-hooks");
}

/** mlbranch's pre-commit runs: data on main is refused, then taken back. */
function mlbranchRefuses(repo: Repo, env: Env): boolean {
  repo.write("data/x.csv", "a\n");
  gitHooks(repo, ["add", "data/x.csv"], { env });
  const r = gitHooks(repo, ["commit", "-q", "-m", "data on main"], { env });
  if (r.code === 0) {
    repo.git("reset", "-q", "--hard", "HEAD~1");
    return false;
  }
  repo.git("reset", "-q", "data/x.csv");
  repo.rm("data");
  return true;
}

function commitAll(repo: Repo, env: Env, message: string) {
  gitHooks(repo, ["add", "-A"], { env });
  return ok(
    gitHooks(repo, ["commit", "-q", "--allow-empty", "-m", message], { env }),
    `commit ${message}`,
  );
}

function lfsObjects(bare: string): number {
  const root = join(bare, "lfs", "objects");
  if (!existsSync(root)) return 0;
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
    .length;
}

interface Tool {
  name: string;
  needs?: Parameters<typeof missing>[0];
  env?: (repo: Repo) => Env;
  before?: (repo: Repo, env: Env) => void;
  after?: (repo: Repo, env: Env) => void;
  /** Does something that makes the tool's hook run and says whether it did. */
  runs: (repo: Repo, env: Env, bare: string) => boolean;
  /** After --uninstall: what the user does to have the tool alone (e.g. its own installer). */
  alone?: (repo: Repo, env: Env, order: "before" | "after") => void;
}

const huskyIndex = join(PROJECT_ROOT, "node_modules", "husky", "index.js");
const huskyBin = join(PROJECT_ROOT, "node_modules", "husky", "bin.js");
const huskyLine = 'echo husky >> "$(git rev-parse --git-common-dir)/tool.log"\n';

const preCommitConfig = `repos:
  - repo: local
    hooks:
      - id: record
        name: record
        entry: sh -c 'echo framework >> "$(git rev-parse --git-common-dir)/tool.log"'
        language: system
        pass_filenames: false
        always_run: true
        stages: [commit]
`;

const tools: Tool[] = [
  {
    name: "husky (an existing setup)",
    before(repo, env) {
      repo.write(
        "package.json",
        '{ "name": "p", "private": true, "scripts": { "prepare": "husky" } }\n',
      );
      repo.write(".husky/pre-commit", huskyLine);
      const r = run(
        process.execPath,
        [
          "-e",
          `import(${JSON.stringify(huskyIndex)}).then((m) => process.stdout.write(m.default()))`,
        ],
        repo.dir,
        { env },
      );
      ok(r, "husky");
      commitAll(repo, env, "husky");
    },
    after(repo, env) {
      // `npx husky init` replaces .husky/pre-commit and the prepare script...
      ok(run(process.execPath, [huskyBin, "init"], repo.dir, { env }), "husky init");
      repo.write(".husky/pre-commit", huskyLine);
      // ...status names what is missing, and the installer puts it back.
      const st = run(
        process.execPath,
        [join(PROJECT_ROOT, "dist/bin/mlbranch.js"), "status"],
        repo.dir,
        { env },
      );
      expect(st.stdout).toContain("pre-commit: .husky/_/pre-commit does not run mlbranch");
      install(repo, env);
      expect(JSON.parse(repo.read("package.json")).scripts.prepare).toBe(
        "husky && install-ml-hooks",
      );
    },
    runs(repo, env) {
      const before = log(repo);
      commitAll(repo, env, `husky ${before.length}`);
      return log(repo).length > before.length;
    },
  },
  {
    name: "the pre-commit framework",
    needs: "pre-commit",
    env: () => ({ PRE_COMMIT_HOME: join(scratch, "pre-commit-home") }),
    before(repo, env) {
      repo.write(".pre-commit-config.yaml", preCommitConfig);
      repo.commit("pre-commit config");
      ok(run("pre-commit", ["install"], repo.dir, { env }), "pre-commit install");
    },
    after(repo, env) {
      repo.write(".pre-commit-config.yaml", preCommitConfig);
      repo.commit("pre-commit config");
      const r = run("pre-commit", ["install"], repo.dir, { env });
      expect(r.stdout + r.stderr).toContain("core.hooksPath");
    },
    runs(repo, env) {
      const before = log(repo);
      repo.write("notes.md", `${before.length}\n`);
      commitAll(repo, env, `framework ${before.length}`);
      return log(repo).length > before.length;
    },
    alone(repo, env, order) {
      // Its installer, refused while mlbranch was there, works again.
      if (order === "after")
        ok(run("pre-commit", ["install"], repo.dir, { env }), "pre-commit install");
    },
  },
  {
    name: "Git LFS",
    needs: "git-lfs",
    before(repo) {
      repo.git("lfs", "install", "--local");
      repo.git("lfs", "track", "*.bin");
      repo.commit("lfs");
    },
    after(repo, env) {
      expect(gitHooks(repo, ["lfs", "install", "--local"], { env }).code).not.toBe(0);
      repo.git("lfs", "track", "*.bin");
      commitAll(repo, env, "lfs");
    },
    runs(repo, env, bare) {
      const before = lfsObjects(bare);
      repo.write(`w${before}.bin`, Buffer.alloc(1024 + before, 7));
      commitAll(repo, env, `weights ${before}`);
      ok(gitHooks(repo, ["push", "-q", "origin", "main"], { env }), "push");
      return lfsObjects(bare) > before;
    },
    alone(repo, env, order) {
      if (order === "after")
        ok(gitHooks(repo, ["lfs", "install", "--local"], { env }), "git lfs install");
    },
  },
  {
    name: "a global core.hooksPath",
    env(repo) {
      const home = join(scratch, `home-${repo.dir.split("/").pop()}`);
      mkdirSync(join(home, "githooks"), { recursive: true });
      return { HOME: home, XDG_CONFIG_HOME: join(home, ".config") };
    },
    before(repo, env) {
      globalHooks(repo, env);
    },
    after(repo, env) {
      globalHooks(repo, env);
      install(repo, env); // the installer chains a global path set since it last ran
    },
    runs(repo, env) {
      const before = log(repo);
      repo.write("notes.md", `${before.length}\n`);
      commitAll(repo, env, `global ${before.length}`);
      return log(repo).length > before.length;
    },
  },
];

function globalHooks(repo: Repo, env: Env): void {
  const hook = join(env.HOME!, "githooks", "pre-commit");
  writeFileSync(hook, '#!/bin/sh\necho global >> "$(git rev-parse --git-common-dir)/tool.log"\n');
  chmodSync(hook, 0o755);
  ok(
    run("git", ["config", "--global", "core.hooksPath", "~/githooks"], repo.dir, { env }),
    "global",
  );
}

describe.each(tools)("with $name", (tool) => {
  describe.each(["before", "after"] as const)("set up %s mlbranch", (order) => {
    const skip = tool.needs ? missing(tool.needs) : false;
    it.skipIf(skip)("both run, pushes carry everything, --uninstall leaves the tool alone", () =>
      withRepo((repo) => {
        const env = hooksEnv(tool.env?.(repo) ?? {});
        repo.write("train.py", "print(1)\n");
        repo.write(".gitignore", "node_modules/\n");
        repo.commit("start");
        const bare = makeRepo({ bare: true });
        try {
          repo.git("remote", "add", "origin", `file://${bare.dir}`);
          if (order === "before") {
            tool.before?.(repo, env);
            install(repo, env);
          } else {
            install(repo, env);
            tool.after?.(repo, env);
          }
          commitAll(repo, env, "mlbranch");
          expect(tool.runs(repo, env, bare.dir), `${tool.name}'s hook ran`).toBe(true);
          expect(mlbranchRefuses(repo, env), "mlbranch's rules hold").toBe(true);
          ok(gitHooks(repo, ["push", "-q", "origin", "main"], { env }), "push");

          ok(installHooks(repo, ["--uninstall"], { env }), "uninstall");
          commitAll(repo, env, "mlbranch removed");
          tool.alone?.(repo, env, order);
          expect(tool.runs(repo, env, bare.dir), `${tool.name} alone`).toBe(true);
          expect(mlbranchRefuses(repo, env), "mlbranch is gone").toBe(false);
        } finally {
          rmSync(bare.dir, { recursive: true, force: true });
        }
      }),
    );
  });
});

describe("a Python-only repository", () => {
  it("gets package.json and an ignored node_modules; --uninstall removes the hooks", () =>
    withRepo((repo) => {
      const env = hooksEnv();
      repo.write("requirements.txt", "numpy\n");
      repo.write("train.py", "print(1)\n");
      repo.write("pyproject.toml", '[project]\nname = "p"\n');
      repo.commit("start");
      install(repo, env);
      expect(JSON.parse(repo.read("package.json")).devDependencies.mlbranch).toMatch(/^\^/);
      expect(repo.read(".gitignore")).toContain("/node_modules/");
      commitAll(repo, env, "mlbranch");
      expect(repo.git("ls-files")).not.toContain("node_modules");
      expect(mlbranchRefuses(repo, env)).toBe(true);
      ok(installHooks(repo, ["--uninstall"], { env }), "uninstall");
      expect(repo.tryGit("config", "core.hooksPath").code).toBe(1);
      expect(existsSync(join(repo.dir, ".gitattributes"))).toBe(false);
      expect(repo.read("train.py")).toBe("print(1)\n");
      expect(mlbranchRefuses(repo, env)).toBe(false);
    }));
});
