import { describe, expect, it } from "vitest";
import { branchMatches, matchesAny } from "../../src/config/globs.js";
import { parseDiffTreeStdin, parseRawDiff } from "../../src/git/changes.js";
import { parseTrailerLines } from "../../src/git/commits.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const Z = "0".repeat(40);

describe("raw diff parsing", () => {
  it("reads statuses, modes and blob ids, with odd paths kept verbatim", () => {
    const buf = Buffer.from(
      `:000000 100644 ${Z} ${A} A\0new\nline.csv\0:100644 100755 ${A} ${A} M\0mode change\0:100644 000000 ${A} ${Z} D\0gone\0`,
    );
    expect(parseRawDiff(buf)).toEqual([
      {
        path: "new\nline.csv",
        status: "A",
        oldOid: null,
        newOid: A,
        oldMode: null,
        newMode: "100644",
      },
      {
        path: "mode change",
        status: "M",
        oldOid: A,
        newOid: A,
        oldMode: "100644",
        newMode: "100755",
      },
      { path: "gone", status: "D", oldOid: A, newOid: null, oldMode: "100644", newMode: null },
    ]);
  });

  it("splits diff-tree --stdin output by commit, including a path that looks like a sha", () => {
    const c1 = "1".repeat(40);
    const c2 = "2".repeat(40);
    const c3 = "3".repeat(40);
    const buf = Buffer.from(
      `${c1}\0:100644 100644 ${A} ${B} M\0${B}\0${c3}\0:000000 100644 ${Z} ${A} A\0x\0`,
    );
    const m = parseDiffTreeStdin(buf, [c1, c2, c3]);
    expect(m.get(c1)!.map((c) => c.path)).toEqual([B]);
    expect(m.get(c2)).toEqual([]);
    expect(m.get(c3)!.map((c) => c.path)).toEqual(["x"]);
  });
});

describe("trailers", () => {
  it("parses git's unfolded trailer lines", () => {
    expect(parseTrailerLines("Data-Source: s3://b/x.csv\x1fData-License: MIT\x1f")).toEqual([
      { key: "Data-Source", value: "s3://b/x.csv" },
      { key: "Data-License", value: "MIT" },
    ]);
  });
});

describe("globs", () => {
  it("matches slash-less patterns at any depth, others from the root", () => {
    expect(matchesAny("models/a/b.pt", ["*.pt"])).toBe(true);
    expect(matchesAny("b.pt", ["*.pt"])).toBe(true);
    expect(matchesAny("src/data/x.csv", ["data/**"])).toBe(false);
    expect(matchesAny("data/x.csv", ["data/**"])).toBe(true);
    expect(matchesAny("data/.hidden", ["data/**"])).toBe(true);
    expect(matchesAny("Dockerfile", ["/Dockerfile"])).toBe(true);
    expect(matchesAny("sub/Dockerfile", ["/Dockerfile"])).toBe(false);
    expect(matchesAny("x", [])).toBe(false);
  });

  it("does not let dev/** match the branch dev itself", () => {
    expect(branchMatches("dev", ["dev/**"])).toBe(false);
    expect(branchMatches("dev/a", ["dev/**"])).toBe(true);
    expect(branchMatches("raw", ["raw", "raw/**"])).toBe(true);
  });
});
