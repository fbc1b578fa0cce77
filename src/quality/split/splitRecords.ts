import type { DataFormat } from "../../data/format.js";
import { HashSet53 } from "../../data/hashSet.js";
import { cumulativeRatios, splitOf } from "./assign.js";
import { recordIds } from "./recordIds.js";

/** The outcome of a split: each split's file content and record count. */
export interface SplitResult {
  names: string[];
  outputs: Buffer[];
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
  /** The text's UTF-8 bytes when the caller has them (saves re-encoding it). */
  bytes?: Buffer,
): SplitResult {
  const { header, starts, ends, hashes } = recordIds(
    text,
    opts.format,
    opts.key,
    opts.source,
    opts.salt,
  );
  const cum = cumulativeRatios(opts.ratios);
  const k = opts.names.length;
  const which = new Uint8Array(hashes.length);
  const counts = new Array<number>(k).fill(0);
  const sizes = new Array<number>(k).fill(0);
  // Duplicates are counted on the 53-bit hash: a flat number table is far cheaper than a string
  // set, and a false match among a million ids has odds of about 1 in 10^4.
  const seen = new HashSet53(hashes.length);
  let duplicates = 0;
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i];
    if (!seen.add(h)) duplicates++;
    const s = splitOf(h, cum);
    which[i] = s;
    counts[s]++;
    sizes[s] += ends[i] - starts[i] + 1;
  }
  const head = header === null ? null : `${header}\n`;
  let outputs: Buffer[];
  const ascii = bytes ? bytes.length === text.length : Buffer.byteLength(text) === text.length;
  if (ascii) {
    // ASCII text: character offsets are byte offsets, so lines are copied as bytes.
    const src = bytes ?? Buffer.from(text, "latin1");
    const hb = head === null ? 0 : head.length;
    // Every CSV file starts with the header, an empty split's too (pandas reads it as 0 rows).
    outputs = sizes.map((b) => Buffer.allocUnsafe(b + hb));
    const fill = outputs.map((o) => (head !== null ? o.write(head, "latin1") : 0));
    for (let i = 0; i < hashes.length; i++) {
      const s = which[i];
      fill[s] += src.copy(outputs[s], fill[s], starts[i], ends[i]);
      outputs[s][fill[s]++] = 10;
    }
  } else {
    const parts: string[][] = opts.names.map(() => []);
    for (let i = 0; i < hashes.length; i++) parts[which[i]].push(text.slice(starts[i], ends[i]));
    outputs = parts.map((p) => Buffer.from(`${head ?? ""}${p.length ? `${p.join("\n")}\n` : ""}`));
  }
  return { names: opts.names, outputs, counts, duplicates };
}
