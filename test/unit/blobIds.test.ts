import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blobId, prefixOf } from "../../src/git/blobs.js";
import { sha1Hex } from "../../src/git/sha1.js";

// The pre-commit hook trusts a work tree file, or the start of an appended blob, only when its
// git object id is the blob's: these must compute exactly git's ids.
const RUNS = Number(process.env.FC_RUNS ?? 200);
const line = fc.string({ maxLength: 12 }).map((s) => `${s.replace(/[\r\n]/g, "")}\n`);
const lines = (min: number, max: number) =>
  fc.array(line, { minLength: min, maxLength: max }).map((l) => l.join(""));

describe("blob ids", () => {
  it("are git's own (git hash-object), for SHA-1 and SHA-256 lengths", () => {
    for (const text of ["", "a", "id,v\n1,2\n", "é\u0000x"]) {
      const bytes = Buffer.from(text);
      const git = spawnSync("git", ["hash-object", "--stdin"], { input: bytes, encoding: "utf8" });
      expect(blobId(bytes)).toBe(git.stdout.trim());
      expect(blobId(bytes, 64)).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("are the same from the JavaScript SHA-1 (small blobs) as from node:crypto, at every length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const n = Math.min(cut, bytes.length);
        const want = createHash("sha1")
          .update(`blob ${n}\0`)
          .update(bytes.subarray(0, n))
          .digest("hex");
        expect(sha1Hex(`blob ${n}\0`, bytes, n)).toBe(want);
        expect(blobId(Buffer.from(bytes), 40, n)).toBe(want);
      }),
      { numRuns: RUNS },
    );
    // Both sides of the size where blobId switches to node:crypto, and padding edges.
    for (const n of [0, 55, 56, 63, 64, 119, 120, 65535, 65536, 65537, 200000]) {
      const bytes = Buffer.alloc(n, n % 251);
      const want = createHash("sha1").update(`blob ${n}\0`).update(bytes).digest("hex");
      expect(blobId(bytes)).toBe(want);
      expect(sha1Hex(`blob ${n}\0`, bytes)).toBe(want);
    }
  });

  it("find an old blob at the start of an appended one, and nothing where lines were edited", () => {
    fc.assert(
      fc.property(lines(0, 30), lines(1, 16), (old, added) => {
        const now = Buffer.from(old + added);
        const at = prefixOf(now, blobId(Buffer.from(old)));
        // Found where it ends (an empty one only where a line end is there to try: else git reads it).
        if (old.length === 0) expect([0, -1]).toContain(at);
        else expect(at).toBe(Buffer.byteLength(old));
        if (old.length > 0) {
          const edited = `\u0001${old}`; // a first line edited
          expect(prefixOf(Buffer.from(edited + added), blobId(Buffer.from(old)))).toBe(-1);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("find an old file without a final newline when the next line starts one", () => {
    const old = Buffer.from("id,v\n3,4");
    expect(prefixOf(Buffer.from("id,v\n3,4\n5,6\n"), blobId(old))).toBe(old.length);
    expect(prefixOf(Buffer.from("id,v\n3,45\n"), blobId(old))).toBe(-1);
  });
});
