import { describe, expect, it } from "vitest";
import { sourceText } from "../../src/records/notebook.js";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { code, expectValidNotebook, md, nbText, notebook, sources } from "../helpers/notebooks.js";
import { missing } from "../helpers/requires.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

const NB = "analysis/eda.ipynb";
const skipNbformat = missing("nbformat");

// The base every scenario starts from: a title, three code cells.
const base = () =>
  notebook([
    md("t", "# EDA\n"),
    code("load", "import pandas as pd\ndf = pd.read_csv('data.csv')\ndf.head()"),
    code("plot", "df.plot()"),
    code("stats", "df.describe()"),
  ]);

interface Scenario {
  name: string;
  ours: () => ReturnType<typeof notebook>;
  theirs: () => ReturnType<typeof notebook>;
  /** Given the merged notebook, whether git said conflict, and which side was "ours". */
  check(nb: ReturnType<typeof notebook>, conflicted: boolean, oursIs: "a" | "b"): void;
  base?: () => ReturnType<typeof notebook>;
}

const edit = (nb: ReturnType<typeof notebook>, id: string, source: string) => {
  const c = nb.cells.find((x) => x.id === id)!;
  c.source = source.split(/(?<=\n)/);
  return nb;
};

// A PNG-like base64 payload of about `kib` KiB (incompressible enough to look like an image).
const image = (kib: number, seed: number) => {
  let x = seed;
  const bytes = Buffer.alloc(kib * 768);
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return `${bytes.toString("base64")}\n`;
};

const big = () =>
  notebook([
    md("t", "# Report\n"),
    ...Array.from({ length: 12 }, (_, i) =>
      code(`c${i}`, `plot(${i})`, { n: i + 1, text: `fig ${i}`, png: image(70, i + 1) }),
    ),
  ]);

const SCENARIOS: Scenario[] = [
  {
    name: "different cells edited on each side",
    ours: () => edit(base(), "plot", "df.plot(kind='bar')"),
    theirs: () => edit(base(), "stats", "df.describe(include='all')"),
    check(nb, conflicted) {
      expect(conflicted).toBe(false);
      expect(sources(nb)).toContain("df.plot(kind='bar')");
      expect(sources(nb)).toContain("df.describe(include='all')");
    },
  },
  {
    name: "the same cell edited differently",
    ours: () => edit(base(), "load", "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.head()"),
    theirs: () => edit(base(), "load", "import pandas as pd\ndf = pd.read_csv('b.csv')\ndf.head()"),
    check(nb, conflicted, oursIs) {
      expect(conflicted).toBe(true);
      const src = sourceText(nb.cells.find((c) => c.id === "load")!);
      const [first, second] = oursIs === "a" ? ["a.csv", "b.csv"] : ["b.csv", "a.csv"];
      expect(src).toMatch(
        new RegExp(
          `^import pandas as pd\\n<{7} ours\\ndf = pd.read_csv\\('${first}'\\)\\n={7}\\ndf = pd.read_csv\\('${second}'\\)\\n>{7} theirs\\ndf.head\\(\\)$`,
        ),
      );
      expect(nb.cells).toHaveLength(4);
    },
  },
  {
    name: "both sides re-ran the notebook (outputs and execution counts only)",
    ours: () => {
      const nb = base();
      nb.cells = nb.cells.map((c, i) =>
        c.cell_type === "code" ? code(c.id!, sourceText(c), { n: i, text: "ours" }) : c,
      );
      return nb;
    },
    theirs: () => {
      const nb = base();
      nb.cells = nb.cells.map((c, i) =>
        c.cell_type === "code" ? code(c.id!, sourceText(c), { n: i + 10, text: "theirs" }) : c,
      );
      return nb;
    },
    check(nb, conflicted, oursIs) {
      expect(conflicted).toBe(false);
      const text = JSON.stringify(nb.cells[1].outputs);
      expect(text).toContain(oursIs === "a" ? "ours" : "theirs");
      expect(nb.cells[1].execution_count).toBe(oursIs === "a" ? 1 : 11);
    },
  },
  {
    name: "both sides inserted a cell at the same place",
    ours: () => {
      const nb = base();
      nb.cells.splice(2, 0, code("new-a", "df.info()"));
      return nb;
    },
    theirs: () => {
      const nb = base();
      nb.cells.splice(2, 0, code("new-b", "df.shape"));
      return nb;
    },
    check(nb, conflicted, oursIs) {
      expect(conflicted).toBe(false);
      const mine = oursIs === "a" ? ["df.info()", "df.shape"] : ["df.shape", "df.info()"];
      expect(sources(nb).slice(2, 4)).toEqual(mine);
      expect(nb.cells).toHaveLength(6);
    },
  },
  {
    name: "one side deleted a cell the other edited",
    ours: () => {
      const nb = base();
      nb.cells = nb.cells.filter((c) => c.id !== "plot");
      return nb;
    },
    theirs: () => edit(base(), "plot", "df.plot(figsize=(8, 4))"),
    check(nb, conflicted) {
      expect(conflicted).toBe(true);
      const kept = nb.cells.find((c) => c.id === "plot")!;
      expect(sourceText(kept)).toContain("df.plot(figsize=(8, 4))");
      expect(kept.metadata.mlbranch).toMatchObject({
        conflict: expect.stringContaining("deleted"),
      });
    },
  },
  {
    name: "an 870 KiB notebook with images, different cells edited",
    base: big,
    ours: () => edit(big(), "c2", "plot(2, color='red')"),
    theirs: () => edit(big(), "c9", "plot(9, log=True)"),
    check(nb, conflicted) {
      expect(conflicted).toBe(false);
      expect(sources(nb)).toContain("plot(2, color='red')");
      expect(sources(nb)).toContain("plot(9, log=True)");
      // Outputs of an edited cell follow the side whose source is kept; images intact.
      const c5 = nb.cells.find((c) => c.id === "c5")!;
      expect(JSON.stringify(c5.outputs)).toContain(image(70, 6).slice(0, 200));
    },
  },
];

function setUp(repo: Repo, s: Scenario) {
  linkPackage(repo.dir);
  expect(installHooks(repo).code).toBe(0);
  expect(repo.read(".gitattributes")).toContain("*.ipynb merge=mlbranch-ipynb diff=mlbranch-ipynb");
  repo.write(NB, nbText((s.base ?? base)()));
  repo.commit("base");
  repo.git("switch", "-q", "-c", "ds/a");
  repo.write(NB, nbText(s.ours()));
  repo.commit("a");
  repo.git("switch", "-q", "-c", "ds/b", "main");
  repo.write(NB, nbText(s.theirs()));
  repo.commit("b");
}

// Merge `other` into a fresh branch from `from`, with the hooks on, as a user would.
function mergeInto(repo: Repo, from: string, other: string) {
  repo.git("switch", "-q", "-c", `ds/m-${from.slice(3)}`, from);
  const r = gitHooks(repo, ["merge", "--no-edit", other]);
  const nb = expectValidNotebook(repo.read(NB), `${NB} (${from} <- ${other})`);
  return { r, nb };
}

describe("notebooks merged through git merge after install-ml-hooks", () => {
  for (const s of SCENARIOS)
    it.skipIf(skipNbformat)(
      `${s.name}, and its mirror`,
      () =>
        withRepo((repo) => {
          setUp(repo, s);
          for (const [from, other, oursIs] of [
            ["ds/a", "ds/b", "a"],
            ["ds/b", "ds/a", "b"],
          ] as const) {
            repo.git("switch", "-q", from);
            const { r, nb } = mergeInto(repo, from, other);
            const conflicted = r.code !== 0;
            if (conflicted) expect(r.stdout + r.stderr).toContain("notebook conflict");
            else expect(r.code, r.stderr).toBe(0);
            s.check(nb, conflicted, oursIs);
            if (conflicted) {
              const listed = repo.mlbranch(["conflicts", NB]);
              expect(listed.code).toBe(1);
              expect(listed.stdout).toContain("1 conflict");
              // Committing it as it is: refused (the notebook still has its conflict).
              repo.git("add", NB);
              const refused = gitHooks(repo, ["commit", "--no-edit"]);
              expect(refused.code).not.toBe(0);
              expect(refused.stderr).toContain("still has 1 cell in merge conflict");
              expect(repo.mlbranch(["resolve", NB, "--theirs"]).code).toBe(0);
              expectValidNotebook(repo.read(NB));
              expect(repo.mlbranch(["conflicts", NB]).code).toBe(0);
              repo.git("add", NB);
              const ok = gitHooks(repo, ["commit", "--no-edit"]);
              expect(ok.code, ok.stderr).toBe(0);
            }
          }
        }),
      // Two real merges with hooks, and for conflicts two commits and two CLI runs: slow on a busy CI.
      300_000,
    );

  it.skipIf(skipNbformat)(
    "a notebook left with a text merge's conflict markers is refused at commit, on every branch type, and by check --range",
    () =>
      withRepo((repo) => {
        linkPackage(repo.dir);
        expect(installHooks(repo).code).toBe(0);
        repo.commit("setup");
        const broken = nbText(base()).replace(
          '"df.plot()"',
          '"df.plot()"\n<<<<<<< ours\n  "x"\n=======\n  "y"\n>>>>>>> theirs',
        );
        for (const branch of ["main", "dev/x", "ds/x", "clean/x"]) {
          repo.git("switch", "-q", "-C", branch, "main");
          repo.write(`nb/${branch.replace("/", "-")}.ipynb`, broken);
          repo.git("add", "-A");
          const r = gitHooks(repo, ["commit", "-m", "notebook"]);
          expect(r.code, branch).not.toBe(0);
          expect(r.stderr).toContain("is not a notebook Jupyter opens");
          expect(r.stderr).toContain("conflict marker lines");
          repo.git("reset", "-q", "--hard");
        }
        // Not a notebook at all (valid JSON), bypassing the hook: the range check refuses it.
        repo.git("switch", "-q", "-C", "ds/y", "main");
        repo.write("nb/list.ipynb", '{"cells": "none"}\n');
        repo.commit("bypass");
        const c = repo.mlbranch(["check", "--range", "main..ds/y", "--branch", "ds/y"]);
        expect(c.code).toBe(1);
        expect(c.stdout + c.stderr).toContain("nb/list.ipynb is not a notebook Jupyter opens");
        expect(c.stdout + c.stderr).toContain("nbformat is missing, not 4");
      }),
  );
});
