import { describe, expect, it } from "vitest";
import type { Notebook } from "../../src/records/notebook.js";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { code, expectValidNotebook, md, nbText, notebook } from "../helpers/notebooks.js";
import { missing } from "../helpers/requires.js";
import { type Repo, useLfs, withRepo } from "../helpers/withRepo.js";

const png = Buffer.alloc(3000, 7).toString("base64");
const ran = () =>
  notebook([
    md("t", "# Run\n"),
    code("a", "x = 1\nx", { n: 3, text: "1", png }),
    code("b", "print(x)"),
  ]);

function installed(repo: Repo, config?: object) {
  linkPackage(repo.dir);
  if (config) repo.write("mlbranch.json", JSON.stringify({ version: 1, ...config }));
  expect(installHooks(repo).code).toBe(0);
  repo.commit("setup");
}

describe("notebook hygiene per branch type", () => {
  it("dev strips outputs and counts from the staged copy only; ds keeps them; the range check refuses what bypassed the hook", () =>
    withRepo((repo) => {
      installed(repo);
      repo.git("switch", "-q", "-c", "dev/nb");
      repo.write("nb.ipynb", nbText(ran()));
      repo.git("add", "nb.ipynb");
      const r = gitHooks(repo, ["commit", "-m", "notebook"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("stripped outputs and execution counts from the staged nb.ipynb");
      const committed = expectValidNotebook(repo.git("show", "HEAD:nb.ipynb"));
      expect(committed.cells[1].outputs).toEqual([]);
      expect(committed.cells[1].execution_count).toBeNull();
      // The work tree notebook (open in Jupyter) keeps its outputs.
      expect(JSON.parse(repo.read("nb.ipynb")).cells[1].execution_count).toBe(3);
      expect(repo.git("status", "--porcelain")).toBe("M nb.ipynb");

      // Committed around the hook: the range check (CI, pre-receive) refuses the outputs.
      repo.commit("bypass");
      const c = repo.mlbranch(["check", "--range", "HEAD~1..HEAD", "--branch", "dev/nb"]);
      expect(c.code).toBe(1);
      expect(c.stdout + c.stderr).toContain(
        "nb.ipynb carries outputs in 1 cell and 1 execution count, which branches of type dev strip at commit",
      );

      repo.git("switch", "-q", "-c", "ds/nb", "main");
      repo.write("nb.ipynb", nbText(ran()));
      repo.git("add", "nb.ipynb");
      expect(gitHooks(repo, ["commit", "-m", "analysis"]).code).toBe(0);
      expect(
        (JSON.parse(repo.git("show", "HEAD:nb.ipynb")) as Notebook).cells[1].execution_count,
      ).toBe(3);
      const explain = repo.mlbranch(["explain", "ds/nb"]);
      expect(explain.stdout).toContain(
        "outputs kept, execution counts kept, at most 5.0 MiB of outputs",
      );
      expect(repo.mlbranch(["explain", "dev/x"]).stdout).toContain(
        "outputs stripped from the staged copy at commit, execution counts stripped from the staged copy at commit",
      );
    }));

  it("refuse and an output size limit, as configured", () =>
    withRepo((repo) => {
      installed(repo, {
        types: {
          dev: { notebooks: { outputs: "refuse", executionCounts: "keep" } },
          analysis: { notebooks: { maxOutputSize: "2 KiB" } },
        },
      });
      repo.git("switch", "-q", "-c", "dev/nb");
      repo.write("nb.ipynb", nbText(ran()));
      repo.git("add", "nb.ipynb");
      const r = gitHooks(repo, ["commit", "-m", "notebook"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "nb.ipynb carries outputs in 1 cell, which branches of type dev refuse",
      );
      repo.git("switch", "-q", "-f", "-c", "ds/nb", "main");
      repo.write("nb.ipynb", nbText(ran()));
      repo.git("add", "nb.ipynb");
      const big = gitHooks(repo, ["commit", "-m", "analysis"]);
      expect(big.code).toBe(1);
      expect(big.stderr).toMatch(/nb\.ipynb has 4\.\d KiB of outputs, above the 2\.0 KiB/);
    }));
});

describe("notebook diffs, status and the tools beside mlbranch", () => {
  it("git diff shows cells and sources, outputs as type and size, never base64", () =>
    withRepo((repo) => {
      installed(repo);
      repo.git("switch", "-q", "-c", "ds/nb");
      repo.write("nb.ipynb", nbText(ran()));
      repo.commit("a");
      const nb = ran();
      nb.cells[2].source = ["print(x + 1)"];
      nb.cells[1].outputs![1] = {
        ...nb.cells[1].outputs![1],
        data: { "image/png": Buffer.alloc(3000, 8).toString("base64") },
      };
      repo.write("nb.ipynb", nbText(nb));
      const d = repo.git("diff");
      expect(d).toContain("-print(x)");
      expect(d).toContain("+print(x + 1)");
      expect(d).toMatch(
        /^-## output 2: display_data: image\/png \(3\.9 KiB, sha256 [0-9a-f]{12}\)/m,
      );
      expect(d).not.toContain(png.slice(0, 40));
      expect(repo.mlbranch(["status"]).stdout).toContain(
        "notebooks (*.ipynb): merged by mlbranch-ipynb, diffed by mlbranch-ipynb",
      );
    }));

  it("leaves nbdime's driver and nbstripout's filter in charge and says so", () =>
    withRepo((repo) => {
      repo.write(".gitattributes", "*.ipynb merge=jupyternotebook diff=jupyternotebook\n");
      repo.git("config", "merge.jupyternotebook.driver", "git-nbmergedriver merge %O %A %B %L %P");
      repo.git("config", "filter.nbstripout.clean", "nbstripout");
      repo.write(".git/info/attributes", "*.ipynb filter=nbstripout\n");
      installed(repo);
      const attrs = repo.read(".gitattributes");
      expect(attrs).toContain("*.ipynb merge=jupyternotebook diff=jupyternotebook");
      expect(attrs).not.toContain("merge=mlbranch-ipynb");
      const s = repo.mlbranch(["status"]).stdout;
      expect(s).toContain(
        "notebooks (*.ipynb): merged by nbdime, diffed by nbdime, nbstripout filter on",
      );
      expect(s).toContain("nbdime merges notebooks here");
      // Installed twice: still nbdime's.
      expect(installHooks(repo).code).toBe(0);
      expect(repo.read(".gitattributes")).not.toContain("merge=mlbranch-ipynb");
    }));

  it.skipIf(missing("git-lfs", "nbformat"))(
    "merges an LFS-tracked notebook and stores the result in LFS",
    () =>
      withRepo((repo) => {
        useLfs(repo);
        repo.write(".gitattributes", "*.ipynb filter=lfs diff=lfs merge=lfs -text\n");
        installed(repo);
        expect(repo.read(".gitattributes")).toMatch(/\*\.ipynb filter=lfs .*merge=mlbranch-ipynb/);
        repo.write("nb.ipynb", nbText(ran()));
        repo.commit("base");
        repo.git("switch", "-q", "-c", "ds/a");
        const a = ran();
        a.cells[2].source = ["print(x, 'a')"];
        repo.write("nb.ipynb", nbText(a));
        repo.commit("a");
        repo.git("switch", "-q", "-c", "ds/b", "main");
        const b = ran();
        b.cells.push(code("c", "x * 2"));
        repo.write("nb.ipynb", nbText(b));
        repo.commit("b");
        const m = gitHooks(repo, ["merge", "--no-edit", "ds/a"]);
        expect(m.code, m.stderr).toBe(0);
        expect(repo.git("cat-file", "-p", "HEAD:nb.ipynb")).toMatch(/^version https:\/\/git-lfs/);
        const merged = expectValidNotebook(repo.read("nb.ipynb"));
        expect(merged.cells.map((c) => c.source)).toEqual([
          ["# Run\n"],
          ["x = 1\n", "x"],
          ["print(x, 'a')"],
          ["x * 2"],
        ]);
      }),
  );
});
