import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { driverEntry } from "../helpers/mergeDrivers.js";
import { PROJECT_ROOT, run } from "../helpers/withRepo.js";

const DIR = join(PROJECT_ROOT, "test", "fixtures", "merge");
const cases: { case: string; driver: string; path: string; error: string }[] = JSON.parse(
  readFileSync(join(DIR, "cases.json"), "utf8"),
);

describe("bad inputs corpus (test/fixtures/merge): named error, exit 2, text merge left", () => {
  it("lists every fixture folder in cases.json", () => {
    const folders = readdirSync(DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual(cases.map((c) => c.case).sort());
  });

  it.each(cases)("$case", (c) => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-bad-")));
    try {
      cpSync(join(DIR, c.case), dir, { recursive: true });
      const theirs = readFileSync(join(dir, "theirs"));
      const r = run(
        process.execPath,
        [driverEntry(c.driver), "base", "ours", "theirs", "7", c.path],
        dir,
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`mlbranch: cannot merge ${c.path}`);
      expect(r.stderr).toContain(c.error);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const out = readFileSync(join(dir, "ours"));
      expect(out.toString("latin1")).toMatch(/^<{7} ours/m);
      // Nothing of theirs is lost: each of its lines is still in the file.
      for (const line of theirs.toString("latin1").split("\n").filter(Boolean))
        expect(out.toString("latin1")).toContain(line);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
