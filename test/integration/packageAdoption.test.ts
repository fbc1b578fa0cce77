import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { installHooks, linkPackage } from "../helpers/installed.js";
import { PROJECT_ROOT, withRepo } from "../helpers/withRepo.js";

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));

describe("a package a company can adopt", () => {
  it("ships a license and says where it lives", () => {
    expect(pkg.license).toBe("MIT");
    expect(readFileSync(join(PROJECT_ROOT, "LICENSE"), "utf8")).toContain("MIT License");
    expect(pkg.repository.url).toContain("github.com/mlbranch/mlbranch");
    expect(pkg.homepage).toContain("github.com/mlbranch/mlbranch");
    expect(pkg.bugs.url).toContain("github.com/mlbranch/mlbranch/issues");
  });

  it("writes a short mlbranch.json whose $schema is a versioned URL of the shipped schema", () =>
    withRepo((repo) => {
      repo.commit("init", { allowEmpty: true });
      linkPackage(repo.dir);
      expect(installHooks(repo).code).toBe(0);
      const text = repo.read("mlbranch.json");
      const config = JSON.parse(text);
      expect(config).toEqual({
        $schema: `https://unpkg.com/mlbranch@${pkg.version}/schema/mlbranch.schema.json`,
        version: 1,
        adoptedAt: repo.git("rev-parse", "HEAD"),
      });
      // unpkg serves the package's files as published: the schema is one of them.
      const path = config.$schema.replace(/^https:\/\/unpkg.com\/mlbranch@[^/]+\//, "");
      expect(existsSync(join(PROJECT_ROOT, path))).toBe(true);
      expect(pkg.files).toContain(path.split("/")[0]);
      // The defaults apply: main refuses data.
      repo.write("data/x.csv", "a\n");
      repo.git("add", "data/x.csv");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("[deny] data/x.csv");
    }));

  it("names a nameless package.json (npm install --save-dev in a Python project) and its lockfile", () =>
    withRepo((repo) => {
      repo.commit("init", { allowEmpty: true });
      // What npm writes in a folder without a package.json: no name; the lock named after the folder.
      repo.write("package.json", '{\n  "devDependencies": {\n    "mlbranch": "^0.2.0"\n  }\n}\n');
      repo.write(
        "package-lock.json",
        `${JSON.stringify({ name: "clone-folder", lockfileVersion: 3, requires: true, packages: { "": { devDependencies: { mlbranch: "^0.2.0" } } } }, null, 2)}\n`,
      );
      linkPackage(repo.dir);
      const r = installHooks(repo);
      expect(r.code, r.stderr).toBe(0);
      const p = JSON.parse(repo.read("package.json"));
      expect(typeof p.name).toBe("string");
      expect(p.name.length).toBeGreaterThan(0);
      expect(p.private).toBe(true);
      expect(p.devDependencies.mlbranch).toBe("^0.2.0");
      const lock = JSON.parse(repo.read("package-lock.json"));
      expect(lock.name).toBe(p.name);
      expect(lock.packages[""].name).toBe(p.name);
      expect(r.stdout + r.stderr).toContain(`name "${p.name}"`);
      // A second run changes nothing.
      const again = repo.read("package.json");
      expect(installHooks(repo).code).toBe(0);
      expect(repo.read("package.json")).toBe(again);
    }));

  it("writes defaultBranch only when it differs (a master trunk)", () =>
    withRepo(
      (repo) => {
        repo.commit("init", { allowEmpty: true });
        linkPackage(repo.dir);
        installHooks(repo);
        expect(JSON.parse(repo.read("mlbranch.json")).defaultBranch).toBe("master");
      },
      { initialBranch: "master" },
    ));
});
