import type { OutPiece } from "./types.js";

/** How to write records back: the file's ending, whether it ends with one, and the marker size. */
export interface RenderOptions {
  eol: string;
  trailingEol: boolean;
  markerSize: number;
  oursLabel?: string;
  theirsLabel?: string;
}

/** Turn merged pieces into text: records keep their bytes; conflicts get git's markers. */
export function renderPieces(pieces: OutPiece[], o: RenderOptions): string {
  const parts: string[] = [];
  const rec = (body: string, eol: string) => parts.push(body, eol || o.eol);
  for (const p of pieces) {
    if (p.kind === "rec") rec(p.rec.body, p.rec.eol);
    else {
      parts.push(`${"<".repeat(o.markerSize)} ${o.oursLabel ?? "ours"}`, o.eol);
      for (const r of p.ours) rec(r.body, r.eol);
      parts.push("=".repeat(o.markerSize), o.eol);
      for (const r of p.theirs) rec(r.body, r.eol);
      parts.push(`${">".repeat(o.markerSize)} ${o.theirsLabel ?? "theirs"}`, o.eol);
    }
  }
  let text = parts.join("");
  if (!o.trailingEol && parts.length)
    text = text.slice(0, text.length - parts[parts.length - 1].length);
  return text;
}
