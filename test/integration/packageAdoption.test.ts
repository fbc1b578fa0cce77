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
