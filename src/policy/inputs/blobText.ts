import { decode } from "../../data/decode.js";
import { isLfsPointer } from "../../git/blobs.js";
import { lfsContent } from "../../git/lfs.js";
import type { RuleContext } from "../types.js";

/** A blob's text, through Git LFS when it is a pointer; null when the LFS object is absent. */
export function blobText(
  ctx: Pick<RuleContext, "blobs" | "cwd">,
  oid: string,
  path: string,
): string | null {
  const raw = ctx.blobs.read(oid);
  if (!isLfsPointer(raw)) return decode(raw);
  const real = lfsContent(ctx.cwd, raw, path);
  return real ? decode(real) : null;
}
