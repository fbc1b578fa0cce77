import { isAscii, isUtf8 } from "node:buffer";

/**
 * Bytes as text, reversibly, as the merge drivers and records/recordFile read a file: valid
 * UTF-8 as UTF-8, anything else (Latin-1, Windows-1252) one character per byte; never U+FFFD.
 * ASCII is decoded as latin1 (a plain copy, several times faster than UTF-8).
 */
export function decode(bytes: Uint8Array): string {
  const b = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isAscii(b) || !isUtf8(b) ? b.toString("latin1") : b.toString("utf8");
}

/** b[s, e) as text the same way: one value of a table, its bytes' characters kept. */
export function decodeRange(b: Buffer, s: number, e: number): string {
  return isUtf8(b.subarray(s, e)) ? b.toString("utf8", s, e) : b.toString("latin1", s, e);
}
