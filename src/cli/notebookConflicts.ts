import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { atomicWrite } from "../io/atomicWrite.js";
import { EXIT, InputError } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { notebookMsg } from "../io/messages/notebooks.js";
import { notebookConflicts } from "../merge/notebook/conflicts.js";
import { resolveNotebook } from "../merge/notebook/resolve.js";
import { notebookIndent, writeNotebook } from "../merge/notebook/writeNotebook.js";
import { NOTEBOOK_FILE, type Notebook, parseNotebook } from "../records/notebook.js";

/** True when the command's file is a notebook (its conflicts live in cells, not a table). */
export const isNotebookPath = (file: string) => NOTEBOOK_FILE.test(file);

function load(io: Io, file: string): { nb: Notebook; text: string } {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new InputError(`mlbranch: ${file} does not exist.`);
  const text = readFileSync(path, "utf8");
  const p = parseNotebook(text, { lenient: true });
  if (!p.nb) throw new InputError(notebookMsg.notANotebook(file, p.problems));
  return { nb: p.nb, text };
}

/** `mlbranch conflicts <notebook>`: the cells a merge left in conflict; exit 1 while any remain. */
export function notebookConflictsCommand(io: Io, file: string, json: boolean): number {
  const list = notebookConflicts(load(io, file).nb);
  if (json) io.out(JSON.stringify(list, null, 2));
  else if (!list.length) io.out(notebookMsg.noConflicts(file));
  else {
    const lines = [`${file}: ${list.length} conflict${list.length === 1 ? "" : "s"}`];
    for (const c of list)
      lines.push(
        c.cell === 0
          ? `  notebook metadata: ${c.reason}`
          : `  cell ${c.cell} [${c.type}]${c.id ? ` id ${c.id}` : ""}: ${c.reason}${c.blocks ? ` (${c.blocks} marker block${c.blocks === 1 ? "" : "s"})` : ""}`,
      );
    lines.push(
      "",
      `Edit those cells in Jupyter (keep the lines you want, delete the <<<<<<< ======= >>>>>>> lines and the "mlbranch" cell metadata),`,
      `or settle them all with one side: mlbranch resolve ${file} --ours | --theirs; then git add ${file}.`,
    );
    io.out(lines.join("\n"));
  }
  return list.length ? EXIT.violation : EXIT.ok;
}

/** `mlbranch resolve <notebook> --ours|--theirs`: settle every conflicting cell with one side. */
export function notebookResolveCommand(
  io: Io,
  file: string,
  side: "ours" | "theirs",
  json: boolean,
): number {
  const { nb, text } = load(io, file);
  const r = resolveNotebook(nb, side);
  if (r.resolved) atomicWrite(resolve(io.cwd, file), writeNotebook(r.nb, notebookIndent(text)));
  const left = notebookConflicts(r.nb).length;
  if (json) io.out(JSON.stringify({ resolved: r.resolved, left }));
  else
    io.out(
      r.resolved ? notebookMsg.resolved(file, r.resolved, side) : notebookMsg.noConflicts(file),
    );
  return EXIT.ok;
}
