import { decode } from "../../data/decode.js";
import { proofKey } from "../../git/appendProofs.js";
import type { Change } from "../../git/changes.js";
import type { RuleContext } from "../types.js";
import { blobText } from "./blobText.js";

/**
 * The records a change adds, as text of the same format: the whole file when it is new, else
 * the lines after the old content (a CSV keeps its header). Null when the content is not here.
 */
export function addedRecords(ctx: RuleContext, c: Change, csv: boolean): string | null {
  if (!c.newOid) return "";
  // Proven by one streamed read (a large or LFS-kept file): only the new bytes are decoded.
  const proof = c.oldOid ? ctx.blobs.proofs.get(proofKey(c.oldOid, c.newOid)) : undefined;
  if (proof?.kind === "missing") return null;
  if (proof?.kind === "append" && proof.tail) {
    const head = csv && proof.oldSize > 0 ? proof.head : Buffer.alloc(0);
    return decode(Buffer.concat([head, proof.tail]));
  }
  const now = blobText(ctx, c.newOid, c.path);
  if (now === null) return null;
  if (c.status === "A" || !c.oldOid) return now;
  const old = blobText(ctx, c.oldOid, c.path);
  if (old === null) return null;
  // An edit rather than an append is the append-only rule's business; judge the whole file then.
  if (!now.startsWith(old)) return now;
  const tail = now.slice(old.length);
  if (!csv) return tail;
  const nl = now.indexOf("\n");
  return `${nl < 0 ? now : now.slice(0, nl + 1)}${tail}`;
}
