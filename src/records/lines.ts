import type { Rec } from "./types.js";
/** One physical line: text without its ending, the ending, and its 1-based number. */
export interface Line {
  text: string;
  eol: string;
  line: number;
}

/** Split text into lines keeping each line's own ending ("\n", "\r\n" or "" at the end). */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let n = 1;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) {
      out.push({ text: text.slice(start), eol: "", line: n });
      break;
    }
    const cr = nl > start && text.charCodeAt(nl - 1) === 13;
    out.push({ text: text.slice(start, cr ? nl - 1 : nl), eol: cr ? "\r\n" : "\n", line: n });
    start = nl + 1;
    n++;
  }
  return out;
}

/** The file's line ending: the first one found, else "\n". */
export function detectEol(...texts: string[]): string {
  for (const t of texts) {
    const nl = t.indexOf("\n");
    if (nl !== -1) return nl > 0 && t[nl - 1] === "\r" ? "\r\n" : "\n";
  }
  return "\n";
}

const MARKER = /^(<{7,}|={7,}|>{7,}|\|{7,})( |$)/;

/** True for a conflict-marker line: git's virtual ancestor of a criss-cross merge may hold them. */
export function isMarkerLine(text: string): boolean {
  return MARKER.test(text);
}

/** A blank line of ours as a record of its own: it stays where it is and matches nothing. */
export function blankRecord(l: Line): Rec {
  return { body: l.text, eol: l.eol, id: `\u0000blank${l.line}`, content: "", line: l.line };
}
