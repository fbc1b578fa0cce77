import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeCommand } from "../../src/merge/drivers.js";
import { gitHooks, hooksEnv, installHooks, linkPackage } from "../helpers/installed.js";
import { run, withRepo } from "../helpers/withRepo.js";

const HOOKS = [
  "pre-commit",
  "pre-merge-commit",
  "commit-msg",
  "pre-push",
  "post-checkout",
  "post-merge",
];

describe("install-ml-hooks", () => {
  it("installs hooks, drivers, attributes and config; a second run changes nothing", () =>
    withRepo((repo) => {
      repo.write("train.py", "print(1)\n");
      repo.commit("python only");
      linkPackage(repo.dir);
      const first = installHooks(repo);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain("mlbranch: installed:");
      for (const h of HOOKS)
        expect(repo.read(`.husky/${h}`)).toContain(
          `mlbranch_hook="node_modules/mlbranch/dist/hooks/${h}.js"`,
        );
      expect(repo.git("config", "core.hooksPath")).toBe(".husky/_");
      expect(repo.git("config", "merge.mlbranch-jsonl.driver")).toBe(
        mergeCommand("node_modules/mlbranch/dist/merge-drivers/jsonl.js"),
      );
      expect(repo.git("config", "diff.mlbranch-sqlite.textconv")).toBe(
        "node node_modules/mlbranch/dist/merge-drivers/sqlite-textconv.js",
      );
      const pkg = JSON.parse(repo.read("package.json"));
      expect(pkg.private).toBe(true);
      expect(pkg.devDependencies.mlbranch).toMatch(/^\^\d/);
      expect(pkg.scripts.prepare).toBe("install-ml-hooks");
      expect(JSON.parse(repo.read("mlbranch.json")).version).toBe(1);
      expect(repo.read(".gitignore")).toContain("/node_modules/");
      expect(repo.git("check-attr", "merge", "--", "a.jsonl")).toBe(
        "a.jsonl: merge: mlbranch-jsonl",
      );

      const second = installHooks(repo);
      expect(second.code).toBe(0);
      expect(second.stdout.trim()).toBe("mlbranch: already installed; nothing changed.");
    }));

  it("--dry-run says what would change and writes nothing", () =>
    withRepo((repo) => {
      linkPackage(repo.dir);
      const r = installHooks(repo, ["--dry-run"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("would change (dry run");
      expect(r.stdout).toContain(".husky/pre-push");
      expect(existsSync(join(repo.dir, ".husky"))).toBe(false);
      expect(existsSync(join(repo.dir, "package.json"))).toBe(false);
      expect(repo.tryGit("config", "core.hooksPath").code).toBe(1);
    }));

  it("extends an existing prepare script and leaves the user's lint-staged config alone", () =>
    withRepo((repo) => {
      const pkg = {
        name: "x",
        scripts: { prepare: "echo hi" },
        "lint-staged": { "*.py": "ruff check" },
        devDependencies: { mlbranch: "^0.1.0" },
      };
      repo.write("package.json", JSON.stringify(pkg, null, 4));
      linkPackage(repo.dir);
      expect(installHooks(repo).code).toBe(0);
      const after = JSON.parse(repo.read("package.json"));
      expect(after.scripts.prepare).toBe("echo hi && install-ml-hooks");
      expect(after["lint-staged"]).toEqual({ "*.py": "ruff check" });
      expect(repo.read("package.json")).toContain('\n    "name"');
      expect(installHooks(repo, ["--uninstall"]).code).toBe(0);
      expect(JSON.parse(repo.read("package.json")).scripts.prepare).toBe("echo hi");
    }));

  it("keeps the user's .gitattributes and puts its block last, after git lfs track lines", () =>
    withRepo((repo) => {
      repo.write(".gitattributes", "*.pt filter=lfs diff=lfs merge=lfs -text\n*.md text\n");
      repo.write(
        "mlbranch.json",
        JSON.stringify({ version: 1, files: { "conf/*.json": { merge: "json" } } }),
      );
      linkPackage(repo.dir);
      expect(installHooks(repo).code).toBe(0);
      const attrs = repo.read(".gitattributes");
      expect(attrs.startsWith("*.pt filter=lfs")).toBe(true);
      expect(attrs).toContain("conf/*.json merge=mlbranch-json");
      expect(repo.git("check-attr", "merge", "filter", "--", "m.pt")).toBe(
        "m.pt: merge: mlbranch-theirs\nm.pt: filter: lfs",
      );
      // A later `git lfs track` appends below the block; the next install moves the block last again.
      writeFileSync(
        join(repo.dir, ".gitattributes"),
        `${attrs}*.onnx filter=lfs diff=lfs merge=lfs -text\n`,
      );
      expect(installHooks(repo).stdout).toContain(".gitattributes");
      const again = repo.read(".gitattributes");
      expect(again.match(/# >>> mlbranch/g)).toHaveLength(1);
      expect(again.indexOf("*.onnx filter=lfs")).toBeLessThan(again.indexOf("# >>> mlbranch"));
      expect(repo.git("check-attr", "merge", "--", "m.onnx")).toBe(
        "m.onnx: merge: mlbranch-theirs",
      );
    }));

  it("skips, saying why, with HUSKY=0, in a production install, and outside a repository in prepare", () =>
    withRepo((repo) => {
      linkPackage(repo.dir);
      const off = installHooks(repo, [], { env: hooksEnv({ HUSKY: "0" }) });
      expect(off.code).toBe(0);
      expect(off.stderr).toContain("HUSKY=0");
      const prod = installHooks(repo, [], { env: hooksEnv({ npm_config_omit: "dev" }) });
      expect(prod.code).toBe(0);
      expect(prod.stderr).toContain("--omit=dev");
      expect(existsSync(join(repo.dir, ".husky"))).toBe(false);
      const outside = run(
        process.execPath,
        [join(repo.dir, "node_modules/.bin/install-ml-hooks")],
        "/",
        {
          env: hooksEnv({ npm_lifecycle_event: "prepare" }),
        },
      );
      expect(outside.code).toBe(0);
      expect(outside.stderr).toContain("not inside a git repository");
      const broken = installHooks(repo, [], { env: hooksEnv({ npm_lifecycle_event: "prepare" }) });
      expect(broken.code).toBe(0);
      repo.write("package.json", "{ broken");
      const bad = installHooks(repo, [], { env: hooksEnv({ npm_lifecycle_event: "prepare" }) });
      expect(bad.code).toBe(0);
      expect(bad.stderr).toContain("package.json is not valid JSON");
      expect(installHooks(repo).code).toBe(2);
    }));

  it("works from a subfolder, and with package.json in a subfolder (--package-dir)", () =>
    withRepo((repo) => {
      repo.write("src/a.py", "x = 1\n");
      repo.write("tools/package.json", JSON.stringify({ name: "tools", private: true }));
      linkPackage(join(repo.dir, "tools"));
      const fromSub = installHooks(repo, ["--package-dir", "../tools"], {
        cwd: join(repo.dir, "src"),
      });
      expect(fromSub.code).toBe(0);
      expect(repo.read(".husky/pre-commit")).toContain(
        '"tools/node_modules/mlbranch/dist/hooks/pre-commit.js"',
      );
      expect(repo.git("config", "merge.mlbranch-csv.driver")).toContain(
        "' tools/node_modules/mlbranch/dist/merge-drivers/csv.js %O",
      );
      expect(JSON.parse(repo.read("tools/package.json")).scripts.prepare).toBe("install-ml-hooks");
      expect(repo.read(".gitignore")).toContain("/tools/node_modules/");
      // prepare runs in tools/: the nearest package.json is found without the flag.
      expect(installHooks(repo, [], { cwd: join(repo.dir, "tools") }).stdout).toContain(
        "nothing changed",
      );
      repo.write("data/x.csv", "a\n");
      repo.git("add", "data/x.csv");
      const c = gitHooks(repo, ["commit", "-m", "data on main"]);
      expect(c.code).toBe(1);
      expect(c.stderr).toContain("data/x.csv may not be committed on main");
    }));

  it("says which driver is missing after a checkout, with the command that fixes it", () =>
    withRepo((repo) => {
      linkPackage(repo.dir);
      installHooks(repo);
      repo.commit("mlbranch");
      repo.git("config", "--remove-section", "merge.mlbranch-csv");
      const r = gitHooks(repo, ["checkout", "-b", "dev/x"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("merge=mlbranch-csv");
      expect(r.stderr).toContain("npx install-ml-hooks");
      installHooks(repo);
      expect(gitHooks(repo, ["checkout", "main"]).stderr).not.toContain("mlbranch-csv");
    }));

  it("prints a CI workflow that runs mlbranch check --ci github on pushes and pull requests", () =>
    withRepo((repo) => {
      const r = repo.mlbranch(["ci-template"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/on:\n\s+push:[\s\S]*pull_request:/);
      expect(r.stdout).toContain("mlbranch check --ci github");
    }));
});
