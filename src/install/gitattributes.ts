import { join } from "node:path";
import { attributesBlock, BEGIN, BLOCK, mergeAttributes } from "../config/attributes.js";
import type { FileSettings } from "../config/types.js";
import { type InstallContext, readText, removeIfPresent, writeIfChanged } from "./context.js";

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
