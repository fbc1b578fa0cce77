import { describe, expect, it } from "vitest";
import { BlobReader, catFileBatch } from "../../src/git/blobs.js";
import { withRepo } from "../helpers/withRepo.js";

// Blobs of the sizes a streamed reader gets wrong: empty, one byte, a newline only, split
// across pipe chunks (64 KiB and several MiB), and binary bytes that look like headers.
const BODIES = [
  Buffer.alloc(0),
  Buffer.from("x"),
  Buffer.from("\n"),
  Buffer.from("abc def 12\nmissing\n"),
  Buffer.alloc(65_537, 0x61),
  Buffer.from(Array.from({ length: 3 << 20 }, (_, i) => (i * 7919) % 256)),
  Buffer.from("0123456789abcdef0123456789abcdef01234567 blob 5\n"),
];

function store(repo: { git(...a: string[]): string; write(p: string, c: Buffer): void }) {
  return BODIES.map((b, i) => {
    repo.write(`b${i}`, b);
    return repo.git("hash-object", "-w", `b${i}`);
  });
}

describe("reading blobs in one streamed cat-file --batch", () => {
  it("returns every blob whole, with its size, and skips ids the repository lacks", () =>
    withRepo(async (repo) => {
      const oids = store(repo);
      const missing = "1".repeat(40);
      const seen = new Map<string, { size: number; content: Buffer | null }>();
      await catFileBatch(
        repo.dir,
        [oids[0], missing, ...oids.slice(1)],
        () => true,
        (oid, size, content) => {
          seen.set(oid, { size, content });
        },
      );
      expect(seen.has(missing)).toBe(false);
      oids.forEach((oid, i) => {
        expect(seen.get(oid)?.size).toBe(BODIES[i].length);
        expect(seen.get(oid)?.content?.equals(BODIES[i])).toBe(true);
      });
    }));

  it("holds no content past the budget, not even the first blob's", () =>
    withRepo(async (repo) => {
      const oids = store(repo);
      const big = oids[5];
      const held: number[] = [];
      await catFileBatch(
        repo.dir,
        [big, ...oids],
        (size) => size <= 70_000,
        (_oid, size, content) => {
          if (content) held.push(size);
        },
      );
      expect(held.every((n) => n <= 70_000)).toBe(true);
      expect(held.length).toBe(BODIES.filter((b) => b.length <= 70_000).length);
    }));

  it("keeps contents up to the budget, sizes of all, and reads the rest on demand", () =>
    withRepo(async (repo) => {
      const oids = store(repo);
      const reader = new BlobReader(repo.dir);
      await reader.prefetch(oids, { maxBytes: 70_000 });
      const sizes = reader.sizeOf(oids);
      oids.forEach((oid, i) => {
        expect(sizes.get(oid)).toBe(BODIES[i].length);
        expect(reader.read(oid).equals(BODIES[i])).toBe(true);
      });
    }));

  it("skips large unwanted objects without losing any object after them", () =>
    withRepo(async (repo) => {
      const oids = store(repo);
      // Two large ones side by side, one in the middle and one last: each stops git at its
      // header, and the next batch must start exactly after it (a missing id counts as one).
      const large = [5, 6, 7, 8].map((i) => {
        repo.write(`large${i}`, Buffer.alloc((4 << 20) + 1 + i, 0x30 + i));
        return repo.git("hash-object", "-w", `large${i}`);
      });
      const missing = "2".repeat(40);
      const order = [
        oids[0],
        large[0],
        large[1],
        oids[1],
        missing,
        large[2],
        ...oids.slice(2),
        large[3],
      ];
      const seen = new Map<string, { size: number; content: Buffer | null }>();
      const calls: string[] = [];
      await catFileBatch(
        repo.dir,
        order,
        (size) => size <= 4 << 20,
        (oid, size, content) => {
          calls.push(oid);
          seen.set(oid, { size, content });
        },
      );
      expect(calls).toEqual(order.filter((o) => o !== missing));
      oids.forEach((oid, i) => {
        expect(seen.get(oid)?.content?.equals(BODIES[i])).toBe(true);
      });
      large.forEach((oid, i) => {
        expect(seen.get(oid)).toEqual({ size: (4 << 20) + 1 + 5 + i, content: null });
      });
    }));
});
