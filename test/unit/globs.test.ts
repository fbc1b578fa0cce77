import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import micromatch from "micromatch";
import { describe, expect, it } from "vitest";
import { branchMatches, globMatcher, matchesAny } from "../../src/config/globs.js";
import { cacheDir } from "../../src/io/paths.js";
import { PROJECT_ROOT } from "../helpers/withRepo.js";

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

  it("match a list of globs as each of them would (one joined regex)", () => {
    const norm = (g: string) => (g.startsWith("/") ? g.slice(1) : g.includes("/") ? g : `**/${g}`);
    fc.assert(
      fc.property(
        fc.array(glob, { minLength: 1, maxLength: 6 }),
        fc.array(path, { minLength: 1, maxLength: 6 }),
        (globs, paths) => {
          for (const p of [...paths, ...globs.map(norm), ""])
            expect(matchesAny(p, [...globs])).toBe(globs.some((g) => globMatcher(norm(g))(p)));
        },
      ),
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

describe("the compiled-glob cache", () => {
  // A fresh process (the built module) matching "*.py", as each hook run does.
  const fresh = () =>
    spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import(${JSON.stringify(join(PROJECT_ROOT, "dist/src/config/globs.js"))}).then((m) => console.log(m.matchesAny("a/b.py", ["*.py"]), m.matchesAny("a/b.txt", ["*.py"])))`,
      ],
      { encoding: "utf8" },
    );

  it("recompiles what a broken or tampered cache file holds, and rewrites it", () => {
    expect(fresh().stdout.trim()).toBe("true false");
    const file = readdirSync(cacheDir()).find((f) => /^globs-.*\.json$/.test(f));
    expect(file).toBeDefined();
    const path = join(cacheDir(), file as string);
    for (const broken of ["{oops", "null", '{"**/*.py":["(",""],"__proto__":[1,2]}']) {
      writeFileSync(path, broken);
      const r = fresh();
      expect(r.stderr).toBe("");
      expect(r.stdout.trim()).toBe("true false");
      expect(JSON.parse(readFileSync(path, "utf8"))["**/*.py"][0]).not.toBe("(");
    }
  });
});
