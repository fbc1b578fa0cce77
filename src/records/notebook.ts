/** A cell as nbformat 4 stores it (source may be one string or a list of lines). */
export interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Record<string, unknown>[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** An nbformat 4 notebook. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
  [extra: string]: unknown;
}

/** True for a path git should treat as a Jupyter notebook. */
export const NOTEBOOK_FILE = /\.ipynb$/i;

/** A cell's source as one string. */
export function sourceText(cell: { source?: unknown }): string {
  const s = cell.source;
  return Array.isArray(s) ? s.join("") : typeof s === "string" ? s : "";
}

/** Lines with their end kept (nbformat's multiline form): "a\nb" -> ["a\n", "b"]. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", start)) {
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Parse notebook text: the notebook, or where it is not JSON / not a notebook. */
export function parseNotebook(
  text: string | Buffer,
  opts: { lenient?: boolean } = {},
): { nb: Notebook; problems: [] } | { nb: null; problems: string[] } {
  const s = (typeof text === "string" ? text : text.toString("utf8")).replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? s.slice(0, Number(m[1])).split("\n").length : null;
    const conflict = /^(<{7,}|={7,}|>{7,})( |$)/m.test(s);
    return {
      nb: null,
      problems: [
        `not valid JSON${line ? ` (line ${line})` : ""}: ${(e as Error).message}${conflict ? "; it holds conflict marker lines from a text merge" : ""}`,
      ],
    };
  }
  const problems = opts.lenient ? mergeableProblems(value) : notebookProblems(value);
  return problems.length ? { nb: null, problems } : { nb: value as Notebook, problems: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const isMultiline = (v: unknown) =>
  typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
const ID = /^[a-zA-Z0-9_-]{1,64}$/;
const CELL_KEYS: Record<string, Set<string>> = {
  code: new Set(["id", "cell_type", "metadata", "execution_count", "source", "outputs"]),
  markdown: new Set(["id", "cell_type", "metadata", "attachments", "source"]),
  raw: new Set(["id", "cell_type", "metadata", "attachments", "source"]),
};
const OUTPUT_NEEDS: Record<string, string[]> = {
  stream: ["name", "text"],
  display_data: ["data", "metadata"],
  execute_result: ["data", "metadata", "execution_count"],
  error: ["ename", "evalue", "traceback"],
};

function outputProblems(o: unknown, at: string): string[] {
  if (!isObject(o)) return [`${at}: not an object`];
  const type = o.output_type;
  if (typeof type !== "string" || !OUTPUT_NEEDS[type])
    return [`${at}: output_type must be stream, display_data, execute_result or error`];
  const out = OUTPUT_NEEDS[type].filter((k) => !(k in o)).map((k) => `${at}: no "${k}"`);
  if (type === "stream" && !isMultiline(o.text)) out.push(`${at}.text: not text`);
  if ("data" in o && !isObject(o.data)) out.push(`${at}.data: not an object`);
  if ("metadata" in o && !isObject(o.metadata)) out.push(`${at}.metadata: not an object`);
  if (
    type === "execute_result" &&
    o.execution_count !== null &&
    !Number.isInteger(o.execution_count)
  )
    out.push(`${at}.execution_count: not an integer or null`);
  if (type === "error" && !Array.isArray(o.traceback)) out.push(`${at}.traceback: not a list`);
  return out;
}

function cellProblems(c: unknown, i: number, minor: number, ids: Set<string>): string[] {
  const at = `cells[${i}]`;
  if (!isObject(c)) return [`${at}: not an object`];
  const keys = CELL_KEYS[c.cell_type as string];
  if (!keys) return [`${at}.cell_type: must be code, markdown or raw`];
  const out: string[] = [];
  for (const k of Object.keys(c)) if (!keys.has(k)) out.push(`${at}: unknown key "${k}"`);
  if (!isMultiline(c.source)) out.push(`${at}.source: not text or a list of lines`);
  if (!isObject(c.metadata)) out.push(`${at}.metadata: missing or not an object`);
  // nbformat 4.5 added cell ids; 4.0-4.4 allow no such key. (A 4.5 cell without one still
  // validates today, with a warning: Jupyter fills it in.)
  if ("id" in c) {
    if (minor < 5) out.push(`${at}.id: cell ids need nbformat_minor 5 or more (it is ${minor})`);
    else if (typeof c.id !== "string" || !ID.test(c.id))
      out.push(`${at}.id: not 1-64 letters, digits, - or _`);
    else if (ids.has(c.id)) out.push(`${at}.id: "${c.id}" is used by another cell`);
    else ids.add(c.id);
  }
  if (c.cell_type === "code") {
    if (!Array.isArray(c.outputs)) out.push(`${at}.outputs: missing or not a list`);
    else
      for (const [j, o] of c.outputs.entries())
        out.push(...outputProblems(o, `${at}.outputs[${j}]`));
    if (c.execution_count !== null && !Number.isInteger(c.execution_count))
      out.push(`${at}.execution_count: missing, or not an integer or null`);
  } else if ("attachments" in c && !isObject(c.attachments))
    out.push(`${at}.attachments: not an object`);
  return out;
}

/**
 * What makes a value not an nbformat 4 notebook Jupyter opens: the checks of nbformat's v4
 * schema that matter (required keys, cell and output types, ids from 4.5, no unknown cell keys).
 */
export function notebookProblems(value: unknown): string[] {
  if (!isObject(value)) return ["not a JSON object"];
  if (value.nbformat !== 4)
    return [`nbformat is ${JSON.stringify(value.nbformat) ?? "missing"}, not 4`];
  const out: string[] = [];
  const minor = value.nbformat_minor;
  if (!Number.isInteger(minor) || (minor as number) < 0)
    out.push("nbformat_minor: missing or not an integer");
  if (!isObject(value.metadata)) out.push("metadata: missing or not an object");
  if (!Array.isArray(value.cells)) return [...out, "cells: missing or not a list"];
  const ids = new Set<string>();
  for (const [i, c] of value.cells.entries())
    out.push(...cellProblems(c, i, (minor as number) ?? 0, ids));
  return out;
}

/**
 * What a merge needs, no more: nbformat 4 and a list of cells, each with a type. (A merge keeps
 * what a side wrote; the commit rule is where the full check refuses a broken notebook.)
 */
export function mergeableProblems(value: unknown): string[] {
  if (!isObject(value)) return ["not a JSON object"];
  if (value.nbformat !== 4)
    return [`nbformat is ${JSON.stringify(value.nbformat) ?? "missing"}, not 4`];
  if (!Array.isArray(value.cells)) return ["cells: missing or not a list"];
  const bad = value.cells.findIndex((c) => !isObject(c) || typeof c.cell_type !== "string");
  return bad >= 0 ? [`cells[${bad}]: not a cell (an object with a cell_type)`] : [];
}
