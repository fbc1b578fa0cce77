import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FileSettings } from "../config/types.js";
import { packageFile } from "../io/paths.js";
import { type InstallContext, readText, removeIfPresent, writeIfChanged } from "./context.js";

const BEGIN = "# >>> mlbranch";
const END = "# <<< mlbranch";
const BLOCK = /# >>> mlbranch[^\n]*\n[\s\S]*?# <<< mlbranch[^\n]*\n?/g;

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

/**
 * The user's .gitattributes with our block removed and appended at the end: for each attribute
 * the last matching line wins, so merge=/diff= come after `git lfs track` lines (filter=lfs stays).
 */
export function mergeAttributes(existing: string | undefined, block: string): string {
  const user = (existing ?? "").replace(BLOCK, "").replace(/\n{3,}/g, "\n\n");
  const trimmed = user.replace(/\s+$/, "");
  return trimmed ? `${trimmed}\n\n${block}` : block;
}

/** Write .gitattributes with our block last. */
export function writeAttributes(ctx: InstallContext, files: Record<string, FileSettings>): void {
  const file = join(ctx.root, ".gitattributes");
  const text = readText(file);
  writeIfChanged(
    ctx,
    file,
    mergeAttributes(text, attributesBlock(files)),
    text === undefined
      ? ".gitattributes: written (merge and diff drivers)"
      : ".gitattributes: mlbranch block (re)placed at the end, your lines kept",
  );
}

/** Remove our block; delete the file when nothing of the user's is left. */
export function removeAttributes(ctx: InstallContext): void {
  const file = join(ctx.root, ".gitattributes");
  const text = readText(file);
  if (text === undefined || !text.includes(BEGIN)) return;
  const rest = text.replace(BLOCK, "").replace(/\s+$/, "");
  if (!rest) removeIfPresent(ctx, file, ".gitattributes: removed");
  else writeIfChanged(ctx, file, `${rest}\n`, ".gitattributes: mlbranch block removed");
}
