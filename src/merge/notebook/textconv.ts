import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { lfsContent } from "../../git/lfs.js";
import { P, size } from "../../io/messages/common.js";
import { type Cell, parseNotebook, sourceText } from "../../records/notebook.js";
import { CELL_VOLATILE, NOTEBOOK_VOLATILE, stable } from "./metadata.js";

const TEXT_LINES = 8;
const textOf = (v: unknown) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

// A few lines of text output, so a changed result shows; the rest counted.
function excerpt(text: string): string[] {
  const lines = text.replace(/\n$/, "").split("\n");
  const shown = lines
    .slice(0, TEXT_LINES)
    .map((l) => `    ${l.length > 200 ? `${l.slice(0, 200)}...` : l}`);
  if (lines.length > TEXT_LINES) shown.push(`    ... ${lines.length - TEXT_LINES} more lines`);
  return shown;
}

function outputLines(o: Record<string, unknown>, n: number): string[] {
  const type = String(o.output_type);
  if (type === "stream") {
    const text = textOf(o.text);
    return [`## output ${n}: stream ${o.name} (${size(bytes(text))})`, ...excerpt(text)];
  }
  if (type === "error")
    return [`## output ${n}: error ${o.ename}: ${String(o.evalue).split("\n")[0]}`];
  const data = (o.data ?? {}) as Record<string, unknown>;
  const parts = Object.entries(data).map(([mime, v]) => {
    const s = typeof v === "string" || Array.isArray(v) ? textOf(v) : JSON.stringify(v);
    // Binary payloads (images) by size and a short hash: a changed plot shows as a changed line.
    const hash =
      mime.startsWith("text/") || mime.endsWith("json")
        ? ""
        : `, sha256 ${createHash("sha256").update(s).digest("hex").slice(0, 12)}`;
    return `${mime} (${size(bytes(s))}${hash})`;
  });
  const out = [`## output ${n}: ${type}: ${parts.join(", ") || "no data"}`];
  if (typeof data["text/plain"] === "string" || Array.isArray(data["text/plain"]))
    out.push(...excerpt(textOf(data["text/plain"])));
  return out;
}

function cellLines(c: Cell, i: number): string[] {
  const head = `# cell ${i + 1} [${c.cell_type}]${c.id ? ` id ${c.id}` : ""}${typeof c.execution_count === "number" ? ` run ${c.execution_count}` : ""}`;
  const meta = stable(c.metadata, CELL_VOLATILE);
  const out = [head];
  if (Object.keys(meta).length) out.push(`# metadata ${JSON.stringify(meta)}`);
  const src = sourceText(c);
  if (src) out.push(...src.replace(/\n$/, "").split("\n"));
  for (const [j, o] of (c.outputs ?? []).entries()) out.push(...outputLines(o, j + 1));
  if (c.attachments) out.push(`## attachments: ${Object.keys(c.attachments).join(", ")}`);
  return out;
}

/** A notebook as text a person can diff: its cells and sources, outputs summarised, no base64. */
export function notebookTextconv(text: string): string {
  const p = parseNotebook(text);
  if (!p.nb) return text; // not a notebook: git shows its text as it is
  const nb = p.nb;
  const meta = stable(nb.metadata, NOTEBOOK_VOLATILE);
  const out = [
    `notebook: nbformat ${nb.nbformat}.${nb.nbformat_minor}, ${nb.cells.length} cells`,
    ...(Object.keys(meta).length ? [`metadata ${JSON.stringify(meta)}`] : []),
  ];
  for (const [i, c] of nb.cells.entries()) out.push("", ...cellLines(c, i));
  return `${out.join("\n")}\n`;
}

/** The textconv entry: `git diff` calls it with one file path and reads stdout. */
export function runNotebookTextconv(argv: string[], cwd = process.cwd()): number {
  const file = argv[0];
  if (!file) {
    process.stderr.write(`${P} ipynb textconv needs one file path (git diff passes it).\n`);
    return 2;
  }
  try {
    const raw = readFileSync(file);
    const content = lfsContent(cwd, raw, file) ?? raw;
    process.stdout.write(notebookTextconv(content.toString("utf8")));
    return 0;
  } catch (e) {
    process.stderr.write(`${P} cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
}
