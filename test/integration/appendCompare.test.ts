import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { proveAppend } from "../../src/git/appendProof.js";

// The compare path reads the old copy beside each 4 MiB piece of the new file, the hash path the
// next piece while it hashes this one, both off the main thread: a difference on either side of a piece boundary, in the last old byte or past two
// pieces must still be an edit, and only a true append an append.
const PIECE = 4 << 20;

describe.each(["compare", "hash"] as const)("append proof by %s, across 4 MiB pieces", (by) => {
  const dir = mkdtempSync(join(tmpdir(), "mlbranch-compare-"));
  const old = Buffer.from(
    Array.from({ length: 2 * PIECE + 12_345 }, (_, i) => (i % 97 === 96 ? 10 : 97 + (i % 23))),
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const oldFile = join(dir, "old");
  writeFileSync(oldFile, old);
  const judge = (now: Buffer) => {
    const file = join(dir, "new");
    writeFileSync(file, now);
    // By hash the next piece is read while this one is hashed: the same edits, the other path.
    const oid = createHash("sha256").update(old).digest("hex");
    return proveAppend(
      by === "compare"
        ? { oid, size: old.length, lfs: true, file: oldFile }
        : { oid, size: old.length, lfs: true },
      { file, size: now.length },
    );
  };
  const edited = (at: number) => {
    const b = Buffer.concat([old, Buffer.from("tail\n")]);
    b[at] ^= 1;
    return b;
  };

  it("accepts the append, with its tail, and the same file", async () => {
    const a = await judge(Buffer.concat([old, Buffer.from("x\n")]));
    expect(a).toMatchObject({ kind: "append", by, oldSize: old.length });
    expect(a.kind === "append" && a.tail?.toString()).toBe("x\n");
    expect((await judge(old)).kind).toBe("append");
  });

  for (const at of [0, PIECE - 1, PIECE, PIECE + 1, 2 * PIECE, old.length - 1])
    it(`refuses a change of byte ${at}`, async () => {
      expect(await judge(edited(at))).toMatchObject({ kind: "edit", by });
    });

  it("refuses a truncation and a one-byte-shorter old copy", async () => {
    expect((await judge(old.subarray(0, PIECE + 7))).kind).toBe("edit");
    if (by === "hash") return;
    writeFileSync(oldFile, old.subarray(0, old.length - 1));
    // The store file no longer has the pointer's size: not trusted, so the new bytes are hashed.
    expect(await judge(Buffer.concat([old, Buffer.from("x\n")]))).toMatchObject({
      kind: "append",
      by: "hash",
    });
    expect(await judge(edited(PIECE))).toMatchObject({ kind: "edit", by: "hash" });
    writeFileSync(oldFile, old);
  });
});
