import { describe, expect, it } from "vitest";
import { runRule } from "../helpers/runRule.js";
import { withRepo } from "../helpers/withRepo.js";

// An append larger than the append proof keeps in memory (64 MiB) is judged window by window from
// its file: the work tree when staged, the blob written to a temp file by git in a range. Memory
// stays bounded, and nothing a whole read refused is accepted.

const MIB = 1 << 20;
const rows = (from: number, bytes: number) => {
  const out: string[] = [];
  let n = 0;
  for (let i = from; n < bytes; i++) {
    const r = `${i},name-${i},${(i % 1000) / 8}\n`;
    out.push(r);
    n += r.length;
  }
  return out.join("");
};

describe("records-well-formed on appends over 64 MiB", () => {
  it(
    "finds a bad row at the end of a 65 MiB append, staged and in a range; a good append passes",
    () =>
      withRepo(async (repo) => {
        repo.git("checkout", "-q", "-b", "raw/main");
        const base = `id,name,score\n${rows(0, 1000)}`;
        repo.write("data/d.csv", base);
        repo.commit("delivery\n\nData-Source: vendor export of 2026-12-01");
        const big = rows(100_000, 65 * MIB);
        const lines = big.split("\n").length - 1;
        repo.write("data/d.csv", `${base}${big}1,2,3,4\n`);
        repo.git("add", "data/d.csv");
        const staged = await runRule(repo, "records-well-formed");
        expect(staged.map((v) => v.message)).toEqual([
          `data/d.csv line ${lines + 1} of the records appended after byte ${base.length} has 4 fields, the header has 3: the csv merge driver cannot read this file, so its next merge would stop.`,
        ]);
        repo.git(
          "commit",
          "-q",
          "--no-verify",
          "-m",
          "bad\n\nData-Source: vendor export of 2026-12-02",
        );
        const range = await runRule(repo, "records-well-formed", { range: "HEAD~1..HEAD" });
        expect(range.map((v) => v.message)).toEqual(staged.map((v) => v.message));
        repo.write("data/d.csv", `${base}${big}`);
        repo.git("add", "data/d.csv");
        expect(await runRule(repo, "records-well-formed")).toEqual([]);
      }),
    120_000,
  );

  it(
    "refuses a record longer than 64 MiB with a clear message, and a bad line after a quoted newline is still found",
    () =>
      withRepo(async (repo) => {
        repo.git("checkout", "-q", "-b", "raw/main");
        const base = "id,note\n1,a\n";
        repo.write("data/d.csv", base);
        repo.commit("delivery\n\nData-Source: vendor export of 2026-12-01");
        repo.write("data/d.csv", `${base}2,${"x".repeat(66 * MIB)}`);
        repo.git("add", "data/d.csv");
        const long = await runRule(repo, "records-well-formed");
        expect(long.map((v) => v.message.split(":")[0])).toEqual([
          `data/d.csv line 1 of the records appended after byte ${base.length} is longer than 64 MiB (no record ends within it)`,
        ]);
        // Quoted fields spanning lines across the windows: judged as records, the bad one found.
        const quoted = `3,"first line\nsecond line"\n`.repeat(Math.ceil((65 * MIB) / 28));
        repo.write("data/d.csv", `${base}${quoted}4,"never closed\n`);
        repo.git("add", "data/d.csv");
        const bad = await runRule(repo, "records-well-formed");
        expect(bad.map((v) => v.message)).toHaveLength(1);
        expect(bad[0].message).toContain("a quoted field is never closed");
        repo.write("data/d.csv", `${base}${quoted}`);
        repo.git("add", "data/d.csv");
        expect(await runRule(repo, "records-well-formed")).toEqual([]);
      }),
    180_000,
  );

  it(
    "finds a conflict block that opens and closes windows apart, and holds rows to a header over 64 KiB",
    () =>
      withRepo(async (repo) => {
        repo.git("checkout", "-q", "-b", "raw/main");
        // One column: the marker lines are rows of the right width, only the block gives them away.
        repo.write("data/one.csv", "v\n1\n");
        const header = `${Array.from({ length: 20_000 }, (_, i) => `feature_${i}`).join(",")}\n`;
        repo.write("data/wide.csv", `${header}${"0,".repeat(19_999)}0\n`);
        repo.commit("delivery\n\nData-Source: vendor export of 2026-12-01");
        repo.write(
          "data/one.csv",
          `v\n1\n2\n<<<<<<< ours\n${"3\n".repeat(35_000_000)}=======\n>>>>>>> theirs\n`,
        );
        // Every appended row has 3 fields: consistent among themselves, not with the header.
        repo.write(
          "data/wide.csv",
          `${header}${"0,".repeat(19_999)}0\n${"1,2,3\n".repeat(12_000_000)}`,
        );
        repo.git("add", "data");
        const found = (await runRule(repo, "records-well-formed")).map((v) => v.message);
        expect(found).toHaveLength(2);
        expect(found[0]).toContain(
          "data/one.csv holds conflict markers (line 2 of the records appended after byte 4",
        );
        expect(found[1]).toContain("data/wide.csv line 1 of the records appended after byte");
        expect(found[1]).toContain("has 3 fields, the header has 20000");
      }),
    180_000,
  );
});
