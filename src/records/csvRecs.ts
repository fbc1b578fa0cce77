import type { CsvRow } from "./csv.js";
import { isMarkerLine } from "./lines.js";
import type { Rec } from "./types.js";

/** Rows (header excluded) as records: identity by key columns or all fields. */
export function toRecs(
  rows: CsvRow[],
  side: string,
  keyIdx: number[] | null,
  width: number,
  bad: string[],
): Rec[] {
  const out: Rec[] = [];
  for (const r of rows) {
    if (r.body.trim() === "") {
      if (side === "ours")
        out.push({
          body: r.body,
          eol: r.eol,
          id: `\u0000blank${r.line}`,
          content: "",
          line: r.line,
        });
      continue;
    }
    if (side === "base" && isMarkerLine(r.body)) continue;
    if (r.fields.length !== width) {
      bad.push(`${side} line ${r.line}: ${r.fields.length} fields, but the header has ${width}`);
      continue;
    }
    const content = JSON.stringify(r.fields);
    const id = keyIdx ? JSON.stringify(keyIdx.map((i) => r.fields[i])) : content;
    out.push({ body: r.body, eol: r.eol, id, content, line: r.line });
  }
  return out;
}
