/**
 * A set of byte strings asked about byte ranges of a buffer: an FNV-1a hash of the range is checked
 * in a bitmap first, so nearly every miss costs a few multiplications and allocates nothing.
 * Values are held as their UTF-8 bytes (see asBytes), so a range matches exactly when its bytes do.
 */
export type ProbeSet = (bytes: Uint8Array, from: number, to: number) => boolean;

/** A value as the bytes a file holds it in, one char per byte (how latin1 decodes them). */
export const asBytes = (value: string): string => Buffer.from(value, "utf8").toString("latin1");

function fnv(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 16777619);
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
    const h = fnv(Buffer.from(v, "latin1"), 0, v.length) >>> shift;
    map[h >>> 5] |= 1 << (h & 31);
  }
  return (bytes, from, to) => {
    const h = fnv(bytes, from, to) >>> shift;
    if ((map[h >>> 5] & (1 << (h & 31))) === 0) return false;
    return set.has(
      Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString("latin1"),
    );
  };
}
