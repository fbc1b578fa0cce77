import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { notebookConflicts } from "../../src/merge/notebook/conflicts.js";
import { diff3Lines } from "../../src/merge/notebook/diff3.js";
import { mergeNotebooks } from "../../src/merge/notebook/mergeNotebook.js";
import { resolveNotebook } from "../../src/merge/notebook/resolve.js";
import { runNotebookDriver } from "../../src/merge/notebook/runNotebookDriver.js";
import { notebookTextconv } from "../../src/merge/notebook/textconv.js";
import {
  type Notebook,
  notebookProblems,
  parseNotebook,
  sourceText,
} from "../../src/records/notebook.js";
import { stripNotebook } from "../../src/records/notebookHygiene.js";
import { code, md, nbText, notebook, sources } from "../helpers/notebooks.js";

let dir: string;
let stderr: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlbranch-nb-"));
  stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function drive(
  base: string,
  ours: string,
  theirs: string,
  opts: { size?: string; merge?: typeof mergeNotebooks } = {},
) {
  const [b, o, t] = ["base", "ours", "theirs"].map((n) => join(dir, n));
  writeFileSync(b, base);
  writeFileSync(o, ours);
  writeFileSync(t, theirs);
  const code = runNotebookDriver([b, o, t, opts.size ?? "7", "nb.ipynb"], dir, opts.merge);
  return { code, text: readFileSync(o, "utf8") };
}

const base = () =>
  notebook([md("t", "# T\n"), code("a", "a = 1\nb = 2\nc = 3"), code("b", "print(a)")]);

describe("mlbranch-ipynb under git's contract", () => {
  it("honours %L: the marker lines have that size", () => {
    const o = base();
    o.cells[1].source = ["a = 10\n", "b = 2\n", "c = 3"];
    const t = base();
    t.cells[1].source = ["a = 20\n", "b = 2\n", "c = 3"];
    const r = drive(nbText(base()), nbText(o), nbText(t), { size: "9" });
    expect(r.code).toBe(1);
    const nb = JSON.parse(r.text) as Notebook;
    expect(sourceText(nb.cells[1])).toBe(
      "<<<<<<<<< ours\na = 10\n=========\na = 20\n>>>>>>>>> theirs\nb = 2\nc = 3",
    );
    expect(notebookProblems(nb)).toEqual([]);
    expect(stderr).toContain("nb.ipynb: 1 notebook conflict");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("an internal error still writes a notebook holding both versions, exit 2, no stack trace", () => {
    const o = base();
    o.cells.push(code("o", "ours_only()"));
    const t = base();
    t.cells.push(code("t", "theirs_only()"));
    const r = drive(nbText(base()), nbText(o), nbText(t), {
      merge: () => {
        throw new TypeError("boom");
      },
    });
    expect(r.code).toBe(2);
    const nb = JSON.parse(r.text) as Notebook;
    expect(notebookProblems(nb)).toEqual([]);
    const all = sources(nb).join("\n");
    expect(all).toContain("ours_only()");
    expect(all).toContain("theirs_only()");
    expect(stderr).toContain("internal error merging nb.ipynb; this is a bug");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("a side that is not a notebook: both kept in a valid notebook (its text as a raw cell), exit 2", () => {
    const broken = `${nbText(base()).slice(0, 50)}\n<<<<<<< ours\n`;
    const r = drive(nbText(base()), nbText(base()), broken);
    expect(r.code).toBe(2);
    const nb = JSON.parse(r.text) as Notebook;
    expect(notebookProblems(nb)).toEqual([]);
    expect(nb.cells.some((c) => c.cell_type === "raw" && sourceText(c) === broken)).toBe(true);
    expect(stderr).toContain("theirs: not valid JSON");
    expect(stderr).toContain("conflict marker lines");
  });

  it("add/add (empty base) merges the two notebooks", () => {
    const o = notebook([code("a", "x = 1")]);
    const t = notebook([code("a", "x = 1"), code("b", "y = 2")]);
    const r = drive("", nbText(o), nbText(t));
    expect(r.code).toBe(0);
    expect(sources(JSON.parse(r.text))).toEqual(["x = 1", "y = 2"]);
  });
});

describe("notebook merge details", () => {
  it("metadata merges key by key; volatile keys never conflict; a key set differently keeps ours and records theirs", () => {
    const b = base();
    const o = base();
    const t = base();
    o.cells[1].metadata = {
      tags: ["a"],
      execution: { "iopub.execute_input": "1" },
      collapsed: true,
    };
    t.cells[1].metadata = {
      tags: ["b"],
      execution: { "iopub.execute_input": "2" },
      scrolled: true,
    };
    o.metadata = {
      ...o.metadata,
      language_info: { name: "python", version: "3.12.0" },
      author: "o",
    };
    t.metadata = {
      ...t.metadata,
      language_info: { name: "python", version: "3.11.9" },
      title: "t",
    };
    const m = mergeNotebooks(b, o, t);
    expect(m.nb.metadata).toMatchObject({
      author: "o",
      title: "t",
      language_info: { version: "3.12.0" },
    });
    expect(m.nb.cells[1].metadata).toMatchObject({
      collapsed: true,
      scrolled: true,
      tags: ["a"],
      mlbranch: { theirsMetadata: { tags: ["b"] } },
    });
    expect(m.conflicts).toEqual([expect.stringContaining('metadata "tags" set differently')]);
    const theirs = resolveNotebook(m.nb, "theirs").nb;
    expect(theirs.cells[1].metadata).toMatchObject({ tags: ["b"] });
    expect(theirs.cells[1].metadata.mlbranch).toBeUndefined();
  });

  it("without ids (4.4): cells align by content; edits, inserts and a delete against an edit", () => {
    const strip = (nb: Notebook): Notebook => ({
      ...nb,
      nbformat_minor: 4,
      cells: nb.cells.map(({ id: _id, ...c }) => c as Notebook["cells"][number]),
    });
    const b = strip(
      notebook([
        md("t", "# T"),
        code("a", "load()\nfilter()\nclean()"),
        code("b", "plot()"),
        code("c", "save()"),
      ]),
    );
    const o = strip(
      notebook([
        md("t", "# T"),
        code("a", "load()\nfilter()\nclean(strict=True)"),
        code("n", "new_ours()"),
        code("c", "save()"),
      ]),
    );
    const t = strip(
      notebook([
        md("t", "# T"),
        code("a", "load('x')\nfilter()\nclean()"),
        code("b", "plot(log=True)"),
        code("c", "save()"),
        code("m", "new_theirs()"),
      ]),
    );
    const m = mergeNotebooks(b, o, t);
    expect(notebookProblems(m.nb)).toEqual([]);
    expect(sources(m.nb)[1]).toBe("load('x')\nfilter()\nclean(strict=True)");
    expect(sources(m.nb).join("\n")).toContain("new_ours()");
    expect(sources(m.nb).join("\n")).toContain("new_theirs()");
    expect(sources(m.nb).join("\n")).toContain("plot(log=True)");
    expect(m.conflicts).toEqual([expect.stringContaining("deleted on ours, edited on theirs")]);
    expect(notebookConflicts(m.nb)).toHaveLength(1);
    // --ours: ours deleted it, so it goes; --theirs: the edit stays, markers gone.
    expect(sources(resolveNotebook(m.nb, "ours").nb).join("\n")).not.toContain("plot");
    const t2 = resolveNotebook(m.nb, "theirs").nb;
    expect(sources(t2)).toContain("plot(log=True)");
    expect(notebookConflicts(t2)).toEqual([]);
  });

  it("diff3 of lines: one side's change, the same change, and a conflict", () => {
    const b = ["a\n", "b\n", "c\n", "d\n", "e\n"];
    expect(
      diff3Lines(
        b,
        ["A\n", "b\n", "c\n", "d\n", "e\n"],
        ["a\n", "b\n", "c\n", "d\n", "E\n"],
      ).lines.join(""),
    ).toBe("A\nb\nc\nd\nE\n");
    expect(diff3Lines(b, ["a\n", "X\n", "e\n"], ["a\n", "X\n", "e\n"])).toEqual({
      lines: ["a\n", "X\n", "e\n"],
      conflicts: 0,
    });
    const c = diff3Lines(
      b,
      ["a\n", "o\n", "c\n", "d\n", "e\n"],
      ["a\n", "t\n", "c\n", "d\n", "e\n"],
    );
    expect(c.conflicts).toBe(1);
    expect(c.lines.join("")).toBe("a\n<<<<<<< ours\no\n=======\nt\n>>>>>>> theirs\nc\nd\ne\n");
  });

  it("textconv: cells, sources and outputs by type and size, never base64", () => {
    const png = Buffer.alloc(2048, 1).toString("base64");
    const text = notebookTextconv(
      nbText(notebook([md("t", "# Title"), code("a", "plot()", { n: 4, text: "done", png })])),
    );
    expect(text).toContain(
      "# cell 2 [code] id a run 4\nplot()\n## output 1: stream stdout (5 B)\n    done\n## output 2: display_data: image/png (2.7 KiB, sha256 ",
    );
    expect(text).not.toContain(png.slice(0, 16));
  });

  it("strip removes outputs and counts and leaves a valid notebook; nothing to strip gives null", () => {
    const nb = notebook([code("a", "x", { n: 2, text: "1" }), md("m", "text")]);
    const s = stripNotebook(nb, { outputs: true, executionCounts: true })!;
    expect(s.cells[0]).toMatchObject({ outputs: [], execution_count: null });
    expect(notebookProblems(s)).toEqual([]);
    expect(nb.cells[0].outputs).toHaveLength(1);
    expect(stripNotebook(s, { outputs: true, executionCounts: true })).toBeNull();
  });

  it("the schema check refuses what nbformat refuses", () => {
    const ok = notebook([code("a", "x")]);
    expect(parseNotebook(nbText(ok)).problems).toEqual([]);
    const withIdOn44 = { ...ok, nbformat_minor: 4 };
    expect(notebookProblems(withIdOn44)).toEqual([
      expect.stringContaining("cell ids need nbformat_minor 5"),
    ]);
    expect(notebookProblems({ ...ok, cells: [{ ...ok.cells[0], outputs: undefined }] })).toEqual([
      expect.stringContaining("outputs: missing"),
    ]);
    expect(notebookProblems({ ...ok, cells: [{ ...ok.cells[0], extra: 1 }] })).toEqual([
      'cells[0]: unknown key "extra"',
    ]);
    expect(notebookProblems({ ...ok, nbformat: 3 })).toEqual(["nbformat is 3, not 4"]);
  });
});
