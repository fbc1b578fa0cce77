/**
 * A 53-bit string hash (cyrb53 over UTF-16 code units), frozen: split assignments depend on it,
 * so changing it would move records between splits.
 */
export function hash53(s: string, seed = 0, suffix = ""): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  // hash53(a, seed, b) === hash53(a + b, seed), without building the joined string.
  for (let i = 0; i < suffix.length; i++) {
    const ch = suffix.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish53(h1, h2);
}

/** hash53 mapped to a uniform number in [0, 1). */
export function hashUnit(s: string, seed = 0): number {
  return hash53(s, seed) / 9007199254740992;
}

/** hash53(prefix + s.slice(a, b)) without building either string (split hashes ids in place). */
export function hash53Range(prefix: string, s: string, a: number, b: number): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < prefix.length; i++) {
    const ch = prefix.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  for (let i = a; i < b; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish53(h1, h2);
}

/** cyrb53's final avalanche of two 32-bit lanes into 53 bits (shared by every 53-bit hash). */
export function finish53(a: number, b: number): number {
  let h1 = Math.imul(a ^ (a >>> 16), 2246822507);
  h1 ^= Math.imul(b ^ (b >>> 13), 3266489909);
  let h2 = Math.imul(b ^ (b >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
