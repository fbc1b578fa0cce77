import type { Notebook } from "../../records/notebook.js";

// Keys sorted at every level, as nbformat writes them (json.dumps(sort_keys=True)): a merged
// notebook then differs from what Jupyter would save only where the content does.
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sorted((v as Record<string, unknown>)[k]);
  return out;
}

/** The indent of a notebook's text (Jupyter: one space), from its second line. */
export function notebookIndent(text: string): string | number {
  const m = /^\{\r?\n([ \t]+)"/.exec(text);
  return m ? m[1] : 1;
}

/** Serialise a notebook as Jupyter does: sorted keys, the given indent, a final newline. */
export function writeNotebook(nb: Notebook, indent: string | number = 1): string {
  return `${JSON.stringify(sorted(nb), null, indent)}\n`;
}
