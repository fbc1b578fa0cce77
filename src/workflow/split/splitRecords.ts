import type { DataFormat } from "../../data/format.js";
import { cumulativeRatios, splitHash, splitOf } from "./assign.js";
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
  // Duplicates are counted on the 53-bit hash: a number set is far cheaper than a string set,
  // and a false match among a million ids has odds of about 1 in 10^4.
  const seen = new Set<number>();
  let duplicates = 0;
  for (let i = 0; i < lines.length; i++) {
    const h = splitHash(ids[i], opts.salt);
    if (seen.has(h)) duplicates++;
    else seen.add(h);
    parts[splitOf(h, cum)].push(lines[i]);
  }
  const skip = header === null ? 0 : 1;
  return {
    names: opts.names,
    texts: parts.map((p) => (p.length ? `${p.join("\n")}\n` : "")),
    counts: parts.map((p) => p.length - skip),
    duplicates,
  };
}
