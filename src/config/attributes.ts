import { readFileSync } from "node:fs";
import { packageFile } from "../io/paths.js";
import type { FileSettings } from "./types.js";

// mlbranch's block of .gitattributes lines: what the installer writes and the pre-commit hook
// puts back after `git lfs track` rewrote a line of it.

/** The first line of mlbranch's block in a .gitattributes. */
export const BEGIN = "# >>> mlbranch";
const END = "# <<< mlbranch";
/** mlbranch's block, markers included. */
export const BLOCK = /# >>> mlbranch[^\n]*\n[\s\S]*?# <<< mlbranch[^\n]*\n?/g;

// mlbranch.json `files[glob].merge` -> the attribute git needs for that glob.
const MERGE_ATTR: Record<NonNullable<FileSettings["merge"]>, string> = {
  jsonl: "merge=mlbranch-jsonl diff=mlbranch-jsonl",
  csv: "merge=mlbranch-csv",
  lines: "merge=mlbranch-lines",
  json: "merge=mlbranch-json",
  sqlite: "merge=mlbranch-sqlite diff=mlbranch-sqlite",
  theirs: "merge=mlbranch-theirs",
  text: "merge=text",
};

/** Our block: the shipped template's lines, then one line per `files` glob that names a merge. */
export function attributesBlock(files: Record<string, FileSettings>): string {
  const template = readFileSync(packageFile(".gitattributes.template"), "utf8");
  const lines = template.trimEnd().split("\n");
  const endAt = lines.findIndex((l) => l.startsWith(END));
  const extra = Object.entries(files)
    .filter(([, s]) => s.merge)
    .map(([glob, s]) => `${glob.replace(/ /g, "[[:space:]]")} ${MERGE_ATTR[s.merge!]}`);
  if (extra.length) lines.splice(endAt, 0, "# from mlbranch.json files", ...extra);
  return `${lines.join("\n")}\n`;
}

// One .gitattributes line: its pattern and attributes, or null for blanks and comments.
function parseLine(line: string): { pattern: string; attrs: string[] } | null {
  const t = line.trim();
  if (!t || t.startsWith("#")) return null;
  const [pattern, ...attrs] = t.split(/\s+/);
  return { pattern, attrs };
}

const attrName = (a: string) => a.replace(/^[-!]/, "").replace(/=.*$/, "");

/** Patterns that some line gives `filter=lfs` (`git lfs track`), with that line's attributes. */
export function lfsLines(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const p = parseLine(line);
    if (p?.attrs.includes("filter=lfs")) out.set(p.pattern, p.attrs);
  }
  return out;
}

/** The merge/diff attributes the user's own lines set for notebooks (outside our block). */
export function notebookAttributes(userText: string): Set<string> {
  const out = new Set<string>();
  for (const line of userText.split("\n")) {
    const p = parseLine(line);
    if (!p || !/\.ipynb$/i.test(p.pattern)) continue;
    for (const a of p.attrs) {
      const name = attrName(a);
      // `git lfs track` writes merge=lfs diff=lfs: not a notebook tool; our line keeps its filter.
      const value = a.split("=")[1] ?? "";
      if ((name === "merge" || name === "diff") && !/^(mlbranch-|lfs$)/.test(value)) out.add(name);
    }
  }
  return out;
}

/**
 * The user's .gitattributes with our block removed and appended at the end: for each attribute
 * the last matching line wins, so our merge=/diff= come after `git lfs track` lines. A pattern
 * that LFS tracks keeps filter=lfs (and LFS's other attributes ours do not set) on our line, and
 * an LFS line that `git lfs track` wrote inside our block moves out of it: whatever the order of
 * `git lfs track` and install-ml-hooks, a model file has filter=lfs and the theirs driver.
 */
export function mergeAttributes(existing: string | undefined, block: string): string {
  const text = existing ?? "";
  const lfs = lfsLines(text);
  const oldBlock = text.match(BLOCK)?.[0] ?? "";
  const ours = new Set<string>();
  const userText = text.replace(BLOCK, "");
  const notebookOwn = notebookAttributes(userText);
  const lines = block.split("\n").map((line) => {
    const p = parseLine(line);
    if (!p || line.startsWith("#")) return line;
    // The user's own merge=/diff= for notebooks (nbdime, nbstripout's diff): never overridden.
    if (p.pattern === "*.ipynb" && notebookOwn.size) {
      const left = p.attrs.filter((a) => !notebookOwn.has(attrName(a)));
      if (!left.length)
        return `# *.ipynb: your own ${[...notebookOwn].join("=/")}= line above is kept (mlbranch-ipynb not set)`;
      p.attrs = left;
      line = [p.pattern, ...left].join(" ");
    }
    ours.add(p.pattern);
    const theirs = lfs.get(p.pattern);
    if (!theirs) return line;
    const named = new Set(p.attrs.map(attrName));
    const extra = theirs.filter((a) => !named.has(attrName(a)));
    return [p.pattern, ...extra, ...p.attrs].join(" ");
  });
  // LFS lines written inside our old block for patterns we no longer set: keep them, outside.
  const moved = oldBlock
    .split("\n")
    .filter((l) => {
      const p = parseLine(l);
      return p && lfs.has(p.pattern) && !ours.has(p.pattern) && p.attrs.includes("filter=lfs");
    })
    .map((l) => l.trim());
  const user = text.replace(BLOCK, "").replace(/\n{3,}/g, "\n\n");
  const trimmed = [user.replace(/\s+$/, ""), ...moved].filter(Boolean).join("\n");
  const next = lines.join("\n");
  return trimmed ? `${trimmed}\n\n${next}` : next;
}
