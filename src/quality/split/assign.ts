import { hash53 } from "../../data/hash.js";

/** Split names for 2 or 3 ratios when none are given. */
export function defaultSplitNames(n: number): string[] {
  if (n === 2) return ["train", "test"];
  if (n === 3) return ["train", "validation", "test"];
  return Array.from({ length: n }, (_, i) => `split${i + 1}`);
}

/**
 * Which split an id belongs to: the position of hash53(salt NUL id) / 2^53 among the cumulative
 * ratios. It depends on nothing but the id, the salt and the ratios, so adding records never
 * moves an existing one.
 */
export function assignSplit(id: string, salt: string, cumulative: number[]): number {
  return splitOf(splitHash(id, salt), cumulative);
}

/** The frozen 53-bit hash an id's split is drawn from. */
export function splitHash(id: string, salt: string): number {
  return hash53(`${salt}\u0000`, 0, id);
}

/** The split a hash falls in: hash / 2^53 against the cumulative ratios. */
export function splitOf(h: number, cumulative: number[]): number {
  const u = h / 9007199254740992;
  for (let i = 0; i < cumulative.length - 1; i++) if (u < cumulative[i]) return i;
  return cumulative.length - 1;
}

/** Running sums of the ratios, the last forced to exactly 1. */
export function cumulativeRatios(ratios: number[]): number[] {
  let s = 0;
  const out = ratios.map((r) => {
    s += r;
    return s;
  });
  out[out.length - 1] = 1;
  return out;
}

/** A record's id as text: strings as they are, other values as JSON; several keys as a JSON array. */
export function idText(values: unknown[]): string | null {
  if (values.some((v) => v === undefined || v === null || v === "")) return null;
  if (values.length === 1) {
    const v = values[0];
    return typeof v === "string" ? v : JSON.stringify(v);
  }
  return JSON.stringify(values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))));
}
