import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticJsonl } from "../helpers/synthetic.js";
import { PROJECT_ROOT, withRepo } from "../helpers/withRepo.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
if (!CHROMIUM)
  console.warn("SKIP drift --html in a browser: install chromium (apt-get install chromium).");

/** Where the test run keeps its screenshots (gitignored). */
const ARTIFACTS = join(PROJECT_ROOT, "test", ".artifacts");

function chromium(args: string[]) {
  const profile = mkdtempSync(join(tmpdir(), "mlbranch-chromium-"));
  try {
    return spawnSync(
      CHROMIUM as string,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        `--user-data-dir=${profile}`,
        ...args,
      ],
      { encoding: "utf8", timeout: 60_000, maxBuffer: 1 << 26 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

describe("mlbranch drift --html", () => {
  it("writes one self-contained page with histograms, statistics and alerts", async () => {
    await withRepo((repo) => {
      repo.write("ref.jsonl", syntheticJsonl(3000, 1));
      repo.write("cur.jsonl", syntheticJsonl(2000, 2, { mean: 0.5, newCategory: 0.15 }));
      const r = repo.mlbranch([
        "drift",
        "--reference",
        "ref.jsonl",
        "--current",
        "cur.jsonl",
        "--html",
        "report/drift.html",
      ]);
      // The directory does not exist: a message, exit 2.
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("cannot write report/drift.html");
      const ok = repo.mlbranch([
        "drift",
        "--reference",
        "ref.jsonl",
        "--current",
        "cur.jsonl",
        "--html",
        "drift.html",
        "--json",
      ]);
      expect(ok.code).toBe(1);
      expect(ok.stderr).toContain("wrote drift.html");
      // The JSON report is unchanged by --html (no histograms in it).
      expect(ok.stdout).not.toContain('"histogram"');
      const html = repo.read("drift.html");
      expect(html).toMatch(/^<!doctype html>/);
      // Self-contained: no script, no link, no external URL.
      expect(html).not.toMatch(/<script|<link|<img|https?:\/\/|url\(/i);
      for (const f of ["x", "income", "age", "color"])
        expect(html).toContain(`data-feature="${f}"`);
      expect(html).toMatch(/data-feature="x" data-status="drift"/);
      expect(html).toMatch(/data-feature="color" data-status="drift"/);
      expect(html).toMatch(/data-feature="income" data-status="ok"/);
      expect(html).toContain("new categories</th><td>purple");
      expect((html.match(/<svg /g) ?? []).length).toBe(4);
      expect((html.match(/class="ref"/g) ?? []).length).toBeGreaterThan(40);

      if (!CHROMIUM) return;
      // The page renders in a real browser: the DOM it builds holds the four charts...
      const url = `file://${join(repo.dir, "drift.html")}`;
      const dom = chromium(["--dump-dom", url]);
      expect(dom.status, dom.stderr).toBe(0);
      expect((dom.stdout.match(/<svg /g) ?? []).length).toBe(4);
      expect(dom.stdout).toContain("DRIFT (");
      // ...and a screenshot is kept for a person to look at.
      mkdirSync(ARTIFACTS, { recursive: true });
      const png = join(ARTIFACTS, "drift.png");
      rmSync(png, { force: true });
      const shot = chromium(["--screenshot=" + png, "--window-size=1280,1400", url]);
      expect(shot.status, shot.stderr).toBe(0);
      expect(statSync(png).size).toBeGreaterThan(10_000);
      expect(readFileSync(png).subarray(1, 4).toString("latin1")).toBe("PNG");
    });
  });
});
