import type { DataFormat } from "../../data/format.js";
import { assignSplit, cumulativeRatios } from "./assign.js";
import { recordIds } from "./recordIds.js";

/** The outcome of a split: each split's file text and record count. */
export interface SplitResult {
  names: string[];
  texts: string[];
  counts: number[];
  /** Records whose id an earlier record already had (they follow it into the same split). */
  duplicates: number;
}

/** Assign every record of a JSONL/CSV text to a split by its id; lines are copied byte for byte. */
export function splitRecords(
  text: string,
  opts: {
    format: DataFormat;
    key: string[];
    ratios: number[];
    names: string[];
    salt: string;
    source: string;
  },
): SplitResult {
  const { header, lines, ids } = recordIds(text, opts.format, opts.key, opts.source);
  const cum = cumulativeRatios(opts.ratios);
  const parts: string[][] = opts.names.map(() => (header === null ? [] : [header]));
  const seen = new Set<string>();
  let duplicates = 0;
  for (let i = 0; i < lines.length; i++) {
    const id = ids[i];
    if (seen.has(id)) duplicates++;
    else seen.add(id);
    parts[assignSplit(id, opts.salt, cum)].push(lines[i]);
  }
  const skip = header === null ? 0 : 1;
  return {
    names: opts.names,
    texts: parts.map((p) => (p.length ? `${p.join("\n")}\n` : "")),
    counts: parts.map((p) => p.length - skip),
    duplicates,
  };
}
