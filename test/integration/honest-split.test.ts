import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withRepo } from "../helpers/withRepo.js";

const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at |internal error/);

describe("split reads records exactly and writes every file whole", () => {
  it("64-bit ids: flat and nested lines give one split per id, about 50/50", async () => {
    await withRepo((repo) => {
      // Consecutive ids past 2^53: as doubles, runs of them round to one value.
      const ids = Array.from({ length: 2000 }, (_, i) =>
        (9007199254740993n + BigInt(i)).toString(),
      );
      repo.write("flat.jsonl", ids.map((id) => `{"id":${id},"v":1}\n`).join(""));
      repo.write("nested.jsonl", ids.map((id) => `{"id":${id},"v":{"w":1}}\n`).join(""));
      const out = (f: string, dir: string) => {
        const r = repo.mlbranch([
          "split",
          f,
          "--key",
          "id",
          "--ratios",
          "0.5,0.5",
          "--out",
          dir,
          "--json",
        ]);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout).splits.map((s: { count: number }) => s.count);
      };
      const [a, b] = out("flat.jsonl", "f");
      expect(a + b).toBe(2000);
      expect(a / 2000).toBeGreaterThan(0.44);
      expect(a / 2000).toBeLessThan(0.56);
      out("nested.jsonl", "n");
      const idsOf = (file: string) =>
        repo
          .read(file)
          .split("\n")
          .filter(Boolean)
          .map((l) => /"id":(\d+)/.exec(l)?.[1])
          .sort();
      expect(idsOf("f/train.jsonl")).toEqual(idsOf("n/train.jsonl"));
      expect(idsOf("f/test.jsonl")).toEqual(idsOf("n/test.jsonl"));
    });
  });

  it("Latin-1 bytes are copied byte for byte; a quoted field spanning lines stays one record", async () => {
    await withRepo((repo) => {
      const rows = Array.from({ length: 50 }, (_, i) => `${i},Jos\xe9 ${i}\n`);
      rows.push('50,"two\nlines \xe9"\n');
      repo.write("p.csv", Buffer.from(`id,name\n${rows.join("")}`, "latin1"));
      const r = repo.mlbranch(["split", "p.csv", "--key", "id", "--out", "s", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const got = ["train", "validation", "test"].map((n) =>
        readFileSync(join(repo.dir, "s", `${n}.csv`)),
      );
      const bodies = got.flatMap((b) => {
        const t = b.toString("latin1");
        expect(t.startsWith("id,name\n")).toBe(true);
        return t
          .slice("id,name\n".length)
          .split(/\n(?=\d+,)/)
          .map((x) => x.replace(/\n$/, ""));
      });
      expect(bodies.filter(Boolean).sort()).toEqual(rows.map((x) => x.replace(/\n$/, "")).sort());
      expect(got.some((b) => b.includes(Buffer.from([0xef, 0xbf, 0xbd])))).toBe(false);
    });
  });

  it("an empty split still gets the header; empty input is refused (exit 2), with or without the key", async () => {
    await withRepo((repo) => {
      repo.write("one.csv", "id,x\n1,a\n");
      const r = repo.mlbranch(["split", "one.csv", "--key", "id", "--out", "o", "--json"]);
      expect(r.code, r.stderr).toBe(0);
      for (const n of ["train", "validation", "test"])
        expect(repo.read(`o/${n}.csv`)).toMatch(/^id,x\n/);
      repo.write("empty.csv", "");
      repo.write("empty.jsonl", "\n");
      for (const f of ["empty.csv", "empty.jsonl"]) {
        const e = repo.mlbranch(["split", f, "--key", "no_such_column"]);
        expect(e.code, f).toBe(2);
        expect(e.stderr).toContain("has no records to split");
      }
    });
  });

  it("--out naming a file, or a place no directory can be made (/proc/x), is exit 2 with the fix", async () => {
    await withRepo((repo) => {
      repo.write("a.jsonl", '{"id":1}\n{"id":2}\n');
      repo.write("existing", "x");
      for (const out of ["existing", "/proc/x"]) {
        const r = repo.mlbranch(["split", "a.jsonl", "--key", "id", "--out", out]);
        expect(r.code, out).toBe(2);
        expect(r.stderr).toContain("cannot write the split files to --out");
        noTrace(r.stderr);
      }
    });
  });
});
