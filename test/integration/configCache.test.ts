import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, withRepo } from "../helpers/withRepo.js";

// The built hooks and CLI keep the last valid config in node_modules/.cache/mlbranch/config.json
// and use it again only for the same text: an edit, a broken cache file or another config must
// never be answered from it.
const CACHE = join(PROJECT_ROOT, "node_modules", ".cache", "mlbranch", "config.json");

describe("the config cache", () => {
  it("follows every edit of mlbranch.json and survives a broken cache file", () =>
    withRepo((repo) => {
      const typeOf = (branch: string) => {
        const r = repo.mlbranch(["explain", branch, "--json"]);
        return { code: r.code, type: r.code === 0 ? JSON.parse(r.stdout).type : r.stderr };
      };
      expect(typeOf("dev/x")).toEqual({ code: 0, type: "dev" });
      repo.write("mlbranch.json", '{ "types": { "lab": { "match": ["dev/**"] } } }\n');
      expect(typeOf("dev/x")).toEqual({ code: 0, type: "lab" });
      expect(typeOf("dev/x")).toEqual({ code: 0, type: "lab" }); // from the cache now
      repo.write("mlbranch.json", '{ "types": { "lab": { "match": ["dev/**"], "allow": 3 } } }\n');
      const bad = typeOf("dev/x");
      expect(bad.code).toBe(2);
      expect(bad.type).toContain("types.lab.allow");
      repo.write("mlbranch.json", '{ "types": { "lab": { "match": ["dev/**"] } } }\n');
      expect(typeOf("dev/x")).toEqual({ code: 0, type: "lab" });
      // A cache entry tampered with to say another thing for another text is not used.
      const entry = JSON.parse(readFileSync(CACHE, "utf8"));
      writeFileSync(CACHE, JSON.stringify({ ...entry, text: "{}" }));
      expect(typeOf("dev/x")).toEqual({ code: 0, type: "lab" });
      writeFileSync(CACHE, "{ broken");
      expect(typeOf("dev/x")).toEqual({ code: 0, type: "lab" });
    }));
});
