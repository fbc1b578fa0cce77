/**
 * A set of byte strings asked about ranges of a buffer, or of a latin1 string of one (one char per
 * byte): an FNV-1a hash of the range is checked in a bitmap first, so nearly every miss costs a few
 * multiplications and allocates nothing. Values are held as their UTF-8 bytes (see asBytes), so a
 * range matches exactly when its bytes do.
 */
export interface ProbeSet {
  bytes(b: Uint8Array, from: number, to: number): boolean;
  chars(s: string, from: number, to: number): boolean;
}

/** A value as the bytes a file holds it in, one char per byte (how latin1 decodes them). */
export const asBytes = (value: string): string => Buffer.from(value, "utf8").toString("latin1");

function fnv(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 16777619);
  return h;
}

function fnvChars(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/** A ProbeSet of `values` (in byte form, see asBytes). */
export function probeSet(values: Iterable<string>): ProbeSet {
  const set = new Set(values);
  // About 256 bits per value: one miss in ~256 reaches the Set.
  let bits = 12;
  while (1 << bits < set.size * 256 && bits < 26) bits++;
  const shift = 32 - bits;
  const map = new Int32Array(1 << (bits - 5));
  for (const v of set) {
    const h = fnvChars(v, 0, v.length) >>> shift;
    map[h >>> 5] |= 1 << (h & 31);
  }
  const hit = (h: number) => (map[(h >>> shift) >>> 5] & (1 << ((h >>> shift) & 31))) !== 0;
  return {
    bytes: (b, from, to) =>
      hit(fnv(b, from, to)) &&
      set.has(Buffer.from(b.buffer, b.byteOffset + from, to - from).toString("latin1")),
    chars: (s, from, to) => hit(fnvChars(s, from, to)) && set.has(s.slice(from, to)),
  };
}
