import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../helpers/withRepo.js";

// On Node 20 (no module.enableCompileCache) the hook and driver doors run their bundle through
// dist/hooks/codeCache.cjs, which keeps V8's code cache in node_modules/.cache/mlbranch/v8. It
// must give the same result with no cache, a good one, a broken one and a stale one.
describe("the Node 20 code cache of the hook bundles", () => {
  it("runs the bundle the same with no cache, a written one, a broken one, and after an edit", () => {
    const tmp = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-v8cache-")));
    try {
      const hooks = join(tmp, "node_modules", "mlbranch", "dist", "hooks");
      mkdirSync(hooks, { recursive: true });
      cpSync(join(PROJECT_ROOT, "dist", "hooks", "codeCache.cjs"), join(hooks, "codeCache.cjs"));
      writeFileSync(join(hooks, "package.json"), '{ "type": "commonjs" }\n');
      const bundle = join(hooks, "x.bundle.cjs");
      const write = (n: number) =>
        writeFileSync(
          bundle,
          `#!/usr/bin/env node\nconst { join } = require("node:path");\nconsole.log(JSON.stringify({ n: ${n}, file: __filename, dir: __dirname, main: typeof module.exports, req: typeof require.resolve, j: join("a", "b") }));\n`,
        );
      let build = "0.2.0+one";
      const run = () => {
        const r = spawnSync(
          process.execPath,
          [
            "-e",
            `require(${JSON.stringify(join(hooks, "codeCache.cjs"))})(${JSON.stringify(bundle)}, ${JSON.stringify(build)})`,
          ],
          { encoding: "utf8" },
        );
        expect(r.stderr).toBe("");
        return JSON.parse(r.stdout);
      };
      const cacheDir = join(tmp, "node_modules", ".cache", "mlbranch", "v8");
      const caches = () => readdirSync(cacheDir).filter((f) => f.endsWith(".bin"));
      const marks = () => readdirSync(cacheDir).filter((f) => f.endsWith(".in-use"));
      write(1);
      const want = { n: 1, file: bundle, dir: hooks, main: "object", req: "function", j: "a/b" };
      expect(run()).toEqual(want); // no cache yet: written at exit
      expect(caches()).toHaveLength(1);
      const written = readFileSync(join(cacheDir, caches()[0]));
      expect(run()).toEqual(want); // from the cache
      writeFileSync(join(cacheDir, caches()[0]), "not a code cache");
      expect(run()).toEqual(want); // rejected by V8, then written again
      expect(readFileSync(join(cacheDir, caches()[0])).length).toBe(written.length);
      expect(marks()).toEqual([]); // a run that ends unmarks the cache it used
      write(22); // another size: another cache file, never the old one's code
      expect(run()).toEqual({ ...want, n: 22 });
      expect(caches()).toHaveLength(1); // the old build's cache is gone
      // Another build with the same size and time (Yarn gives every file one time): its own cache.
      const before = caches()[0];
      build = "0.2.1+two";
      expect(run()).toEqual({ ...want, n: 22 });
      expect(caches()).toHaveLength(1);
      expect(caches()[0]).not.toBe(before);
      expect(caches()[0]).toContain("0.2.1+two");
      // A run that died with the cache marked in use (damaged data can crash V8): the next run
      // drops that cache instead of trusting it, and writes a new one.
      const cache = join(cacheDir, caches()[0]);
      writeFileSync(cache, Buffer.alloc(readFileSync(cache).length, 7));
      writeFileSync(cache.replace(/\.bin$/, ".in-use"), "");
      expect(run()).toEqual({ ...want, n: 22 });
      expect(readFileSync(cache).equals(Buffer.alloc(readFileSync(cache).length, 7))).toBe(false);
      expect(marks()).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
