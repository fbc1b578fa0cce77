import fc from "fast-check";
import micromatch from "micromatch";
import { describe, expect, it } from "vitest";
import { branchMatches, globMatcher, matchesAny } from "../../src/policy/globs.js";

const RUNS = Number(process.env.FC_RUNS ?? 7 * 30);
const part = fc.constantFrom("a", "b", "ab", ".d", "x.py", "m.pt", "é", "c d", "a.b.c");
const path = fc.array(part, { minLength: 1, maxLength: 4 }).map((p) => p.join("/"));
const token = fc.constantFrom(
  "*",
  "**",
  "?",
  "a",
  "b",
  ".d",
  "*.py",
  "[ab]",
  "{a,x.py}",
  "m.*",
  "!a",
);
const glob = fc
  .array(token, { minLength: 1, maxLength: 3 })
  .map((t) => t.join("/"))
  .filter((g) => !g.slice(1).includes("!"));

describe("globs", () => {
  it("match exactly as micromatch does, from a cached regex (also by file name)", () => {
    fc.assert(
      fc.property(glob, fc.array(path, { minLength: 1, maxLength: 6 }), (g, paths) => {
        for (const base of [false, true]) {
          const ours = globMatcher(g, base);
          const theirs = micromatch.matcher(g, { dot: true, matchBase: base });
          for (const p of [...paths, g, ""]) expect(ours(p)).toBe(theirs(p));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("keep git's name-at-any-depth rule for slash-free patterns, and dev/** not matching dev", () => {
    expect(matchesAny("models/a.pt", ["*.pt"])).toBe(true);
    expect(matchesAny("models/a.pt", ["/a.pt"])).toBe(false);
    expect(matchesAny("a.pt", ["/a.pt"])).toBe(true);
    expect(matchesAny("x/.cache/y.py", ["**/*.py"])).toBe(true);
    expect(branchMatches("dev/a/b", ["dev/**"])).toBe(true);
    expect(branchMatches("dev", ["dev/**"])).toBe(false);
  });
});
