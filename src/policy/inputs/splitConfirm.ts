import type { DataFormat } from "../../data/format.js";
import { idHash } from "../../quality/split/idStream.js";
import { readVersion } from "./splitRead.js";
import type { Version } from "./splitVersions.js";

/**
 * A version whose ids count: `now` when they are the commit's, the first `history` of them also
 * committed before (the ids of an older version proven to be its start).
 */
export interface Counted {
  v: Version;
  format: DataFormat;
  key: string[];
  bit: number;
  now: boolean;
  history: number;
  /** Where the read cut its pieces (older versions' sizes): the text pass cuts there too. */
  cuts: number[];
}

/**
 * The suspects' ids by their text: the counted versions read again, keeping only ids whose
 * hash is a suspect's (rare: only when the commit is refused or a collision happened). A
 * 53-bit hash over 10^7 ids collides somewhere with odds about n^2 / 2^54, 0.6%; such a pair
 * only becomes a suspect, and its texts tell the two ids apart here.
 */
export async function confirm(cwd: string, counted: Counted[], suspects: Set<number>) {
  const nowText = new Map<string, number>();
  const wasText = new Map<string, number>();
  // Cut where the hashing read was, so a read error leaves the same ids before it.
  for (const c of counted)
    await readVersion(
      c.v,
      c.format,
      c.key,
      [],
      (id, i) => {
        if (!suspects.has(idHash(id))) return;
        if (c.now) nowText.set(id, (nowText.get(id) ?? 0) | c.bit);
        if (i < c.history) wasText.set(id, (wasText.get(id) ?? 0) | c.bit);
      },
      c.cuts,
      cwd,
    );
  const dup: [string, number][] = [];
  const moved: [string, number, number][] = [];
  for (const [id, m] of nowText) {
    if (m & (m - 1)) dup.push([id, m]);
    const w = wasText.get(id);
    if (w !== undefined && m & ~w) moved.push([id, m, w]);
  }
  return { dup, moved };
}
