import { spawnSync } from "node:child_process";
import { expect } from "vitest";
import {
  type Cell,
  type Notebook,
  notebookProblems,
  sourceText,
} from "../../src/records/notebook.js";
import { nbformatPython } from "./requires.js";

/** A code cell as Jupyter 4.5 writes it. */
export const code = (
  id: string | null,
  source: string,
  run?: { n: number; text?: string; png?: string },
): Cell => ({
  cell_type: "code",
  ...(id ? { id } : {}),
  source: source.split(/(?<=\n)/),
  metadata: {},
  execution_count: run ? run.n : null,
  outputs: run
    ? [
        { output_type: "stream", name: "stdout", text: [`${run.text ?? "out"}\n`] },
        ...(run.png
          ? [
              {
                output_type: "display_data",
                data: { "image/png": run.png, "text/plain": ["<Figure>"] },
                metadata: {},
              },
            ]
          : []),
      ]
    : [],
});

/** A markdown cell. */
export const md = (id: string | null, source: string): Cell => ({
  cell_type: "markdown",
  ...(id ? { id } : {}),
  source: source.split(/(?<=\n)/),
  metadata: {},
});

/** A notebook (4.5 when its cells have ids, else 4.4). */
export const notebook = (cells: Cell[]): Notebook => ({
  cells,
  metadata: {
    kernelspec: { display_name: "Python 3", language: "python", name: "python3" },
    language_info: { name: "python", version: "3.11.4" },
  },
  nbformat: 4,
  nbformat_minor: cells.every((c) => c.id) ? 5 : 4,
});

/** Serialised as Jupyter does (indent 1). */
export const nbText = (nb: Notebook) => `${JSON.stringify(nb, null, 1)}\n`;

/** The sources of a notebook's cells. */
export const sources = (nb: Notebook) => nb.cells.map((c) => sourceText(c));

/**
 * Assert `text` is a notebook Jupyter opens: the project's own check always, and nbformat's
 * validate where python3-nbformat is installed (the caller skips loudly when it is not).
 */
export function expectValidNotebook(text: string, file = "notebook"): Notebook {
  const nb = JSON.parse(text) as Notebook;
  expect(notebookProblems(nb), file).toEqual([]);
  const py = nbformatPython();
  if (py) {
    const r = spawnSync(
      py,
      [
        "-c",
        "import sys, nbformat; nbformat.validate(nbformat.reads(sys.stdin.read(), as_version=4))",
      ],
      { input: text, encoding: "utf8" },
    );
    expect(r.status, `${file}: nbformat.validate: ${r.stderr}`).toBe(0);
  }
  return nb;
}
