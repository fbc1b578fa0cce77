import { mkdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { withRepo } from "../helpers/withRepo.js";

describe("odd layouts", () => {
  it("installs with node_modules as a symlink, and git add -A leaves it out", () =>
    withRepo((repo) => {
      repo.write("train.py", "print(1)\n");
      repo.commit("start");
      // The real node_modules lives elsewhere (a monorepo's, a package manager's store).
      const store = realpathSync(join(repo.dir, ".."));
      const real = join(store, `${repo.dir.split("/").pop()}-store`);
      mkdirSync(real);
      try {
        linkPackage(real);
        symlinkSync(join(real, "node_modules"), join(repo.dir, "node_modules"));
        const r = installHooks(repo);
        expect(r.code, r.stderr).toBe(0);
        expect(repo.read(".gitignore")).toContain("/node_modules\n");
        gitHooks(repo, ["add", "-A"]);
        expect(repo.git("diff", "--cached", "--name-only")).not.toContain("node_modules");
        const c = gitHooks(repo, ["commit", "-m", "mlbranch"]);
        expect(c.code, c.stderr).toBe(0);
        expect(installHooks(repo).stdout).toContain("nothing changed");
      } finally {
        rmSync(real, { recursive: true, force: true });
      }
    }));
});
